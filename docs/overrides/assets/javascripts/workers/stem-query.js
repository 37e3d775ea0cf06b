// Material's search worker, with each query term reduced to its stem before the search.
//
// Material appends "*" to every query term, and lunr skips its pipeline (so its stemmer) for
// wildcard terms: "gradientes" could never find a page that only says "gradiente". The index
// keeps whole words (Material's default pipeline); this wrapper rewrites each query term to its
// stem with lunr-languages' stemmer for the site's language, so "gradient*" finds "gradiente"
// and "gradientes". Chinese has no spaces: the index's Chinese text is segmented into words at
// build time (jieba, through Material's search plugin), so a query such as "遗忘门" is cut into
// the index's own words ("遗忘 门") by greedy longest match before the search.
"use strict";

let language = "en";
const hanWords = new Set();
let longestWord = 1;
const addListener = self.addEventListener.bind(self);

function learnHanWords(docs) {
  // Words are runs of Han characters between the zero-width spaces that segmentation left.
  for (const doc of docs) {
    for (const word of `${doc.title || ""} ${doc.text || ""}`.split(/[^\p{sc=Han}]+/u)) {
      if (word) {
        hanWords.add(word);
        longestWord = Math.max(longestWord, word.length);
      }
    }
  }
}

function segment(run) {
  const words = [];
  for (let i = 0; i < run.length;) {
    let n = Math.min(longestWord, run.length - i);
    while (n > 1 && !hanWords.has(run.slice(i, i + n))) n -= 1;
    words.push(run.slice(i, i + n));
    i += n;
  }
  return words.join(" ");
}

function stem(word) {
  const lunr = self.lunr;
  const stemmer = language === "en" ? lunr.stemmer : lunr[language] && lunr[language].stemmer;
  if (!stemmer || /\p{sc=Han}/u.test(word)) return word;
  return stemmer(new lunr.Token(word.toLowerCase(), {})).toString();
}

function stemQuery(query) {
  // Only plain words: quoted phrases, field prefixes and operators keep their syntax.
  query = query.replace(/\p{sc=Han}+/gu, segment);
  return query.replace(/(^|\s)([\p{L}\p{N}]{3,})(?=\s|$)/gu, (_, space, word) => space + stem(word));
}

self.addEventListener = (type, listener, ...rest) => {
  if (type !== "message") return addListener(type, listener, ...rest);
  return addListener(type, (event) => {
    const message = event.data;
    if (message && message.type === 0) {  // setup: the index
      language = message.data.config.lang[0] || "en";
      learnHanWords(message.data.docs || []);
    }
    if (message && message.type === 2 && typeof message.data === "string") {  // a query
      return listener({ data: { type: 2, data: stemQuery(message.data) } });
    }
    return listener(event);
  }, ...rest);
};

importScripts(new URL(self.location.href).searchParams.get("material"));
