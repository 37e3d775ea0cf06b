// Material's search worker, with each query term reduced to its stem before the search.
//
// Material appends "*" to every query term, and lunr skips its pipeline (so its stemmer) for
// wildcard terms: "gradientes" could never find a page that only says "gradiente". The index
// keeps whole words (Material's default pipeline); this wrapper rewrites each query term to its
// stem with lunr-languages' stemmer for the site's language, so "gradient*" finds "gradiente"
// and "gradientes". Chinese is left to Material, which splits it against the index's words
// (segmented at build time by jieba).
"use strict";

let language = "en";
const addListener = self.addEventListener.bind(self);

function stem(word) {
  const lunr = self.lunr;
  const stemmer = language === "en" ? lunr.stemmer : lunr[language] && lunr[language].stemmer;
  if (!stemmer || /\p{sc=Han}/u.test(word)) return word;
  return stemmer(new lunr.Token(word.toLowerCase(), {})).toString();
}

function stemQuery(query) {
  // Only plain words: quoted phrases, field prefixes and operators keep their syntax.
  return query.replace(/(^|\s)([\p{L}\p{N}]{3,})(?=\s|$)/gu, (_, space, word) => space + stem(word));
}

self.addEventListener = (type, listener, ...rest) => {
  if (type !== "message") return addListener(type, listener, ...rest);
  return addListener(type, (event) => {
    const message = event.data;
    if (message && message.type === 0) language = message.data.config.lang[0] || "en";  // setup
    if (message && message.type === 2 && typeof message.data === "string") {  // a query
      return listener({ data: { type: 2, data: stemQuery(message.data) } });
    }
    return listener(event);
  }, ...rest);
};

importScripts(new URL(self.location.href).searchParams.get("material"));
