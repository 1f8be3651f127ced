() => {
  /* The page's language. Gradio's own i18n picks the browser's language at load; the ES | EN switch in the
     header (#pg-lang) flips every label in place (Gradio's own locale store, so nothing on the page is lost)
     and tells the server, through a cookie, in which language to write what it sends from then on. A choice
     is remembered in this browser. */
  const WORDS = __WORDS__;  // the texts this page's own scripts write, per language (filled in by the app)
  const COOKIE = "pg_lang", STORED = "pg-lang";
  const root = document.documentElement;
  window.pgWords = () => WORDS[root.dataset.pgLang] || WORDS.en;
  const coreModule = () => {  // Gradio's core module, the one that holds its locale store
    const urls = performance.getEntriesByType("resource").map(e => e.name)
      .concat([...document.querySelectorAll("script[src], link[href]")].map(e => e.src || e.href));
    return urls.find(u => /\/assets\/core-[^/]*\.js$/.test(u));
  };
  const tell = lang => {
    document.cookie = `${COOKIE}=${lang}; path=/; max-age=31536000; samesite=lax`;
    root.lang = lang;
    root.dataset.pgLang = lang;
  };
  const use = async lang => {
    tell(lang);
    try { localStorage.setItem(STORED, lang); } catch (e) { /* private mode: the cookie still says it */ }
    const url = coreModule();
    if (url) (await import(url)).changeLocale(lang);
    relabel();
  };
  let stored = null;
  try { stored = localStorage.getItem(STORED); } catch (e) { /* no storage */ }
  const browser = (navigator.language || "en").toLowerCase().startsWith("es") ? "es" : "en";
  if (stored === "es" || stored === "en") {
    tell(stored);
    if (stored !== browser) {  // Gradio opens in the browser's language once it has loaded its texts: say the
      // stored choice again until that has surely happened (each time the language chosen by then)
      for (const wait of [0, 300, 1000, 2500, 5000]) setTimeout(() => use(root.dataset.pgLang), wait);
    }
  } else tell(browser);
  window.pgUseLanguage = use;
  /* Gradio names a tab once, in the language the page opened in: after a flip the page renames its tabs
     itself (the text Gradio wrote is swapped for the same name in the page's language, again whenever Gradio
     writes it anew). */
  const TABS = WORDS.tabs || [];
  const relabel = () => {
    const wanted = root.dataset.pgLang === "es" ? 1 : 0;
    for (const tab of document.querySelectorAll("[role=tab], .overflow-dropdown button")) {
      for (const node of tab.childNodes) {
        if (node.nodeType !== Node.TEXT_NODE) continue;
        const text = node.nodeValue.trim(), pair = text && TABS.find(p => p.includes(text));
        if (pair && text !== pair[wanted]) node.nodeValue = pair[wanted];
      }
    }
  };
  let queued = false;
  new MutationObserver(() => {
    if (queued) return;
    queued = true;
    requestAnimationFrame(() => { queued = false; relabel(); });
  }).observe(document.body, { subtree: true, childList: true, characterData: true });
  document.addEventListener("click", event => {
    const button = event.target.closest && event.target.closest("#pg-lang [data-lang]");
    if (button) use(button.dataset.lang);
  }, true);
}
