"""WhatsApp notifications end to end (issue #22 item 4): signed webhook
deliveries in, messages out through the fake Graph API of test_whatsapp.py
(which checks every request's shape). A WhatsApp ticket's requester is told
of status changes, the resolution and the rating request by free text
inside the 24-hour window and by the approved templates (their names from
loket.conf, the ticket number and the text as parameters) outside it; a
reply of one digit rates the resolved ticket through the web's rule (rated
and closed, thanked), the next text is the rating's feedback, and a digit
with no rating pending is an ordinary comment. The notification choice
(mail, WhatsApp, both) is the requester's, or an agent's for them."""
import os
import sys
import time

sys.path.insert(0, os.path.dirname(__file__))
from loket import Tap  # noqa: E402
from test_mail_out import wait_for  # noqa: E402
from test_whatsapp import Fake, MAYA, delivery, sign, start_fake, text_msg  # noqa: E402

HOOK = '/api/v1/channels/whatsapp/webhook'


def main(t):
    Fake.templates |= {'tpl_status', 'tpl_resolved', 'tpl_rating'}
    fake, s = start_fake(LOKET_WHATSAPP_TEMPLATE_STATUS='tpl_status',
                         LOKET_WHATSAPP_TEMPLATE_RESOLVED='tpl_resolved',
                         LOKET_WHATSAPP_TEMPLATE_RATING='tpl_rating')
    anon = s.client()
    agent = s.client('agent@demo.test')
    maya_c = s.client('requester@demo.test')
    maya = s.sql("SELECT id FROM users WHERE email = 'requester@demo.test'")[0][0]
    seq = [0]

    def say(text, ts=None):
        seq[0] += 1
        body = delivery([text_msg('wamid.N%d' % seq[0], MAYA, text, ts=ts)],
                        contacts=[{'profile': {'name': 'Maya'}, 'wa_id': MAYA}])
        r = anon.request('POST', HOOK, raw=body, headers={
            'Content-Type': 'application/json', 'X-Hub-Signature-256': sign(body)})
        t.eq(r.status, 200, 'delivery %r → 200' % text)

    def sent_after(n, want):
        got = wait_for(lambda: len(Fake.sent) >= n + want and Fake.sent[n:], timeout=15)
        time.sleep(0.3)  # nothing more than expected follows
        return [m.get('text', {}).get('body') or m.get('template') for m in Fake.sent[n:]]

    def ticket(number):
        return agent.get('/api/v1/tickets/' + number).json

    # A WhatsApp ticket; the agent takes it on and resolves it: free text.
    say('Laptop tidak bisa menyala.')
    t1 = s.sql("SELECT number FROM tickets ORDER BY id DESC")[0][0]
    wait_for(lambda: len(Fake.sent) >= 1)
    n = len(Fake.sent)
    agent.post('/api/v1/tickets/%s/transitions' % t1, {'to': 'in_progress'})
    t.eq(sent_after(n, 1), ['[%s] Status permintaan Anda kini: Diproses.' % t1],
         'status change inside 24 h: free text in Indonesian')
    n = len(Fake.sent)
    r = agent.post('/api/v1/tickets/%s/transitions' % t1,
                   {'to': 'resolved', 'summary': 'Baterai diganti.'})
    t.status(r, 200, 'agent resolves')
    t.eq(sent_after(n, 2), [
        '[%s] Permintaan Anda telah diselesaikan.\nBaterai diganti.' % t1,
        '[%s] Bagaimana layanan kami untuk "Laptop tidak bisa menyala."? Balas dengan satu '
        'angka 1 (buruk) sampai 5 (sangat baik) untuk menilainya.' % t1],
        'resolution then rating request, free text, from the outbox')
    t.eq(s.sql("SELECT count(*) FROM outbox o JOIN tickets k ON k.id = o.ticket_id "
                    "WHERE k.number = ? AND o.channel = 'email' AND o.template IN "
                    "('ticket_resolved', 'rating_request')", (t1,))[0][0], 2,
         'the mails still go (auto: WhatsApp in addition)')

    # Reply "4": rated 4 through the web's rule, closed, thanked.
    n = len(Fake.sent)
    say(' 4 ')
    tk = ticket(t1)
    t.eq((tk['status'], tk['rating']), ('closed', 4), 'reply "4" → rated 4 and closed')
    t.eq(sent_after(n, 1), ['Terima kasih atas penilaian Anda untuk permintaan %s (4/5). Bila '
                            'berkenan, balas pesan ini dengan saran atau masukan Anda.' % t1],
         'thanked, and no separate "closed" notice')
    n = len(Fake.sent)
    say('Teknisinya cepat dan ramah.')
    t.eq(ticket(t1)['feedback'], 'Teknisinya cepat dan ramah.', 'next text → the feedback')
    t.eq(sent_after(n, 1), ['Terima kasih, masukan Anda telah kami catat.'], 'feedback thanked')
    t.eq(s.sql("SELECT count(*) FROM tickets")[0][0], 1,
         'neither the digit nor the feedback opened a ticket')

    # Outside the window: templates with the configured names and parameters.
    say('Printer lantai 2 macet.')
    t2 = s.sql("SELECT number FROM tickets ORDER BY id DESC")[0][0]
    t.ok(t2 != t1, 'a later message opens a new ticket')
    wait_for(lambda: s.sql("SELECT count(*) FROM outbox WHERE channel = 'whatsapp' AND "
                                "status = 'pending'")[0][0] == 0)
    s.sql_exec("UPDATE wa_inbound SET sent_at = sent_at - 2 * 86400 WHERE phone = ?", (MAYA,))
    n = len(Fake.sent)
    agent.post('/api/v1/tickets/%s/transitions' % t2, {'to': 'in_progress'})
    agent.post('/api/v1/tickets/%s/transitions' % t2,
               {'to': 'resolved', 'summary': 'Kertas\nyang  tersangkut dikeluarkan.'})

    def tpl(name, p2):
        return {'name': name, 'language': {'code': 'id'}, 'components': [
            {'type': 'body', 'parameters': [{'type': 'text', 'text': t2},
                                            {'type': 'text', 'text': p2}]}]}
    t.eq(sent_after(n, 3), [tpl('tpl_status', 'Diproses'),
                            tpl('tpl_resolved', 'Kertas yang tersangkut dikeluarkan.'),
                            tpl('tpl_rating', 'Printer lantai 2 macet.')],
         'last inbound 2 days old: template messages, names from the settings, parameters')

    # A digit while nothing awaits a rating is an ordinary comment.
    say('Monitor berkedip.')
    t3 = s.sql("SELECT number FROM tickets ORDER BY id DESC")[0][0]
    t.ok(t3 not in (t1, t2), 'a new problem while a rating is pending: a new ticket')
    say('5 ⭐')
    tk = ticket(t2)
    t.eq((tk['status'], tk['rating']), ('closed', 5), '"5 ⭐" rates the pending ticket')
    say('3')
    ev = agent.get('/api/v1/tickets/%s/events' % t3).json['items']
    t.eq([e['body'] for e in ev if e['kind'] == 'comment'], ['3'],
         'a digit after the rating was given (no rating pending): a comment on the open ticket')
    t.eq(ticket(t2)['feedback'], None, 'and not the feedback of the rated ticket')
    say('2')
    ev = agent.get('/api/v1/tickets/%s/events' % t3).json['items']
    t.eq([e['body'] for e in ev if e['kind'] == 'comment'], ['3', '2'],
         'again: a comment (t3 is not resolved, nothing to rate)')
    t.eq(ticket(t3)['rating'], None, 'the open ticket is not rated')

    # The choice: WhatsApp only, for a ticket made on the web.
    r = maya_c.get('/api/v1/me/notifications')
    t.eq((r.status, r.json.get('channel'), r.json.get('phone')), (200, 'auto', None),
         'default choice: auto')
    r = maya_c.request('PUT', '/api/v1/me/notifications', {'channel': 'sms'})
    t.eq((r.status, r.code()), (422, 'validation'), 'unknown channel refused')
    r = maya_c.request('PUT', '/api/v1/me/notifications', {'channel': 'whatsapp',
                                                           'phone': '12'})
    t.status(r, 422, 'a number of two digits refused')
    r = maya_c.request('PUT', '/api/v1/me/notifications', {'channel': 'whatsapp',
                                                           'phone': '0812-0000-0006'})
    t.eq((r.status, r.json), (200, {'channel': 'whatsapp', 'phone': MAYA, 'whatsapp': True}),
         'requester chooses WhatsApp only, number stored as digits')
    svc = s.sql("SELECT id FROM services WHERE kind = 'ticket' AND active = 1 ORDER BY id"
                     )[0][0]
    r = maya_c.post('/api/v1/tickets', {'title': 'Akses VPN', 'description': 'Tidak bisa masuk.',
                                        'service_id': svc})
    t.status(r, 201, 'web ticket')
    t4 = r.json['number']
    n = len(Fake.sent)
    agent.post('/api/v1/tickets/%s/transitions' % t4, {'to': 'in_progress'})
    got = sent_after(n, 1)
    t.eq(got, ['[%s] Status permintaan Anda kini: Diproses.' % t4],
         'web ticket, WhatsApp chosen: the status notice by WhatsApp')
    t.eq(s.sql("SELECT count(*) FROM outbox o JOIN tickets k ON k.id = o.ticket_id WHERE"
                    " k.number = ? AND o.channel = 'email' AND o.template = "
                    "'ticket_changed'", (t4,))[0][0], 0, 'and no mail (instead of)')
    n = len(Fake.sent)
    t.status(agent.patch('/api/v1/tickets/' + t4, {'title': 'Akses VPN kantor'}), 200,
             'agent edits the title')
    time.sleep(1.5)
    t.eq((len(Fake.sent) - n, s.sql(
        "SELECT count(*) FROM outbox o JOIN tickets k ON k.id = o.ticket_id WHERE k.number = ?"
        " AND o.channel = 'email' AND o.template = 'ticket_changed'", (t4,))[0][0]),
        (0, 0), 'an edit (no status change): no WhatsApp message, and no mail for WhatsApp only')

    # Agents set it for a requester; nobody else sees it.
    r = agent.request('PUT', '/api/v1/users/%d/notifications' % maya, {'channel': 'email',
                                                                       'phone': None})
    t.eq((r.status, r.json.get('channel')), (200, 'email'), 'agent sets a requester\'s choice')
    n = len(Fake.sent)
    agent.post('/api/v1/tickets/%s/transitions' % t4, {'to': 'waiting'})
    time.sleep(2)
    t.eq(len(Fake.sent), n, 'email only: no WhatsApp message')
    agent_id = s.sql("SELECT id FROM users WHERE email = 'agent@demo.test'")[0][0]
    r = maya_c.get('/api/v1/users/%d/notifications' % agent_id)
    t.status(r, 404, 'a requester cannot see another user\'s choice')
    t.eq(s.sql("SELECT count(*) FROM audit_log WHERE resource = 'users' AND detail LIKE "
                    "'%notifications%'")[0][0], 2, 'each change audited')

    # An edit that is not a status change stays off WhatsApp; English for an
    # English-speaking requester.
    agent.request('PUT', '/api/v1/users/%d/notifications' % maya, {'channel': 'both'})
    n = len(Fake.sent)
    r = agent.patch('/api/v1/tickets/' + t3, {'title': 'Monitor berkedip terus'})
    t.status(r, 200, 'agent edits the title')
    s.sql_exec("UPDATE users SET locale = 'en' WHERE id = ?", (maya,))
    agent.post('/api/v1/tickets/%s/transitions' % t3, {'to': 'in_progress'})
    t.eq(sent_after(n, 1), ['[%s] The status of your request is now: In progress.' % t3],
         'only the status change, in English for a requester whose language is en')

    t.eq(Fake.problems, [], 'every request to the fake Graph API had the expected shape')
    ok, detail = s.stop()
    t.ok(ok, 'server exits cleanly', detail)
    fake.shutdown()


if __name__ == '__main__':
    Tap().run(main)
