/* Text clean-up for mail bodies: HTML to plain text, and the quoted history
** a reply carries removed so only the new words are filed. Pure functions
** over UTF-8; results in the arena. */
#ifndef LOKET_CHANNELS_MAIL_TEXT_H
#define LOKET_CHANNELS_MAIL_TEXT_H

struct arena;

/* Visible text of an HTML document: tags dropped, block elements and <br>
** as line breaks, entities decoded, <head>, <style>, <script> and
** <blockquote> (quoted replies) left out, runs of blank lines collapsed. */
char *mail_html_to_text(struct arena *a, const char *html);

/* The new part of a reply: cuts at the first "On ... wrote:" / "Pada ...
** menulis:" attribution (also when wrapped over two lines), at Outlook's
** "-----Original Message-----" / "-----Pesan Asli-----" or a "From:" header
** block ("From:" followed by "Sent:"/"Date:"/"To:"/"Subject:" lines), at a
** "-- " signature line; drops every line starting with '>'; trims blank lines
** and trailing spaces. */
char *mail_strip_quotes(struct arena *a, const char *text);

#endif
