// The one matching rule of the catalogue search (issue #20 item 12): "wifi"
// finds "Wi-Fi", "e mail" finds "E-mail", "perangkat komputer" finds
// "Kerusakan Perangkat Komputer". Both sides are folded the same way: case,
// diacritics, and every space, hyphen and punctuation mark dropped. Each word
// of the query must occur somewhere in the folded text of the item (its
// name, description, keywords...). The catalogue page and every picker's
// local filter (picker.js) use it, so a service is found the same way
// wherever it is chosen.

// Lower case, no diacritics, letters and digits only.
export function fold(s) {
  return String(s ?? '').normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '');
}

// Whether every word of query occurs in the folded texts (any number of
// strings, null and undefined skipped). An empty query matches everything.
export function matches(query, ...texts) {
  const words = String(query ?? '').split(/\s+/).map(fold).filter(Boolean);
  if (!words.length) return true;
  const hay = texts.map(fold).join(' ');
  return words.every((w) => hay.includes(w));
}
