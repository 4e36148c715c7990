// gongwen serve: the preview page. It asks /_gongwen/state after every notice on /_gongwen/events
// and changes only what changed: page images are swapped once loaded, the web page is loaded
// behind the one on show and swapped at the same scroll position.
"use strict";

const PX_PER_PT = 96 / 72;
const $ = (id) => document.getElementById(id);
let state = null;
let zoom = localStorage.getItem("gongwen.zoom") || "fit";
let view = localStorage.getItem("gongwen.view") || "both";
let web = { stem: null, html: null, pending: null };
let indexShown = null;
let selected = null; // the finding marked: {stem, index}
const drawn = { list: null, findings: null }; // what the lists show, so they are redrawn only on change

function element(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

function current() {
  const match = location.hash.match(/^#doc=(.+)$/);
  const stem = match ? decodeURIComponent(match[1]) : null;
  return state && state.documents.find((doc) => doc.stem === stem);
}

function outputUrl(name, version) {
  return "/output/" + encodeURIComponent(name) + (version ? "?v=" + version : "");
}

async function refresh() {
  try {
    const response = await fetch("/_gongwen/state", { cache: "no-store" });
    state = await response.json();
  } catch (error) {
    return; // the event stream reports the lost connection
  }
  render();
}

function render() {
  const problem = $("problem");
  problem.hidden = !state.error;
  problem.textContent = state.error ? "无法生成：" + state.error : "";
  showStatus();
  showList();
  const doc = current();
  $("home").hidden = Boolean(doc);
  $("document").hidden = !doc;
  if (doc) showDocument(doc);
  else showHome();
}

function showStatus() {
  const status = $("status");
  status.classList.remove("offline");
  if (state.building) {
    status.textContent = "正在生成 " + state.building + "…";
  } else if (state.rounds === 0) {
    status.textContent = "正在检查和生成…";
  } else {
    status.textContent = "已是最新 · " + new Date().toLocaleTimeString("zh-CN", { hour12: false });
  }
}

function showList() {
  const list = $("documents");
  const doc = current();
  const key = JSON.stringify([doc && doc.stem, state.building, state.documents]);
  if (key === drawn.list) return;
  drawn.list = key;
  list.replaceChildren(...state.documents.map((d) => {
    const link = element("a");
    link.href = "#doc=" + encodeURIComponent(d.stem);
    if (doc && doc.stem === d.stem) link.setAttribute("aria-current", "page");
    link.append(element("span", "title", d.title));
    const meta = element("span", "meta");
    if (d.errors.length) meta.append(element("span", "badge failed", "生成失败"));
    if (state.building === d.stem) meta.append(element("span", "badge building", "生成中"));
    const errors = d.findings.filter((f) => f.severity === "error").length;
    const warnings = d.findings.length - errors;
    if (errors) meta.append(element("span", "badge error", errors + " 个错误"));
    if (warnings) meta.append(element("span", "badge warning", warnings + " 个警告"));
    meta.append([d.number, d.date].filter(Boolean).join(" · ") || d.source);
    link.append(meta);
    const item = element("li");
    item.append(link);
    return item;
  }));
  $("no-documents").hidden = state.documents.length > 0;
}

function showHome() {
  document.title = "gongwen 预览";
  if (state.rounds === indexShown) return; // the index is written at the end of each round
  indexShown = state.rounds;
  const frame = $("index");
  frame.onload = () => {
    // The index links to the outputs: open a document's web page here as its preview.
    frame.contentDocument.addEventListener("click", (event) => {
      const link = event.target.closest("a[href$='.html']");
      if (!link) return;
      const stem = decodeURIComponent(link.getAttribute("href").replace(/^\.\//, "").replace(/\.html$/, ""));
      if (state.documents.some((d) => d.stem === stem)) {
        event.preventDefault();
        location.hash = "doc=" + encodeURIComponent(stem);
      }
    });
  };
  frame.src = outputUrl("index.html", Date.now());
}

function showDocument(doc) {
  document.title = doc.title + " — gongwen 预览";
  $("doc-title").textContent = doc.title;
  $("doc-meta").textContent = [doc.number, doc.date, doc.source].filter(Boolean).join(" · ");
  const links = $("doc-links");
  links.replaceChildren();
  for (const [ext, label, present] of [["html", "网页", doc.html], ["pdf", "PDF", doc.pdf], ["docx", "Word", doc.docx]]) {
    if (!present) continue;
    const link = element("a", "", label);
    link.href = outputUrl(doc.stem + "." + ext);
    link.target = "_blank";
    link.rel = "noopener";
    links.append(link);
  }
  showErrors(doc);
  showPages(doc);
  showWeb(doc);
  showFindings(doc);
}

function showErrors(doc) {
  const box = $("errors");
  box.hidden = doc.errors.length === 0;
  box.replaceChildren();
  if (!doc.errors.length) return;
  box.append(element("strong", "", "生成失败，下面仍是上次成功生成的版本："));
  const list = element("ul");
  for (const error of doc.errors) {
    const item = element("li");
    item.append(element("code", "", error.location), "：" + error.message);
    list.append(item);
  }
  box.append(list);
}

function scaleOf(doc) {
  if (zoom !== "fit") return Number(zoom);
  const width = Math.max(...doc.pdf.sizes.map((size) => size[0])) * PX_PER_PT;
  return Math.max(0.25, ($("print").clientWidth - 48) / width);
}

function showPages(doc) {
  const box = $("pages");
  const empty = document.querySelector("#print .empty");
  empty.hidden = Boolean(doc.pdf);
  if (!doc.pdf) {
    box.replaceChildren();
    return;
  }
  if (box.dataset.stem !== doc.stem) {
    box.replaceChildren();
    box.dataset.stem = doc.stem;
    $("print").scrollTop = 0;
  }
  const scale = scaleOf(doc);
  const pixels = Math.min(4, Math.ceil(scale * PX_PER_PT * (window.devicePixelRatio || 1) * 4) / 4);
  const sizes = doc.pdf.sizes;
  while (box.children.length > sizes.length) box.lastChild.remove();
  sizes.forEach(([width, height], index) => {
    let frame = box.children[index];
    if (!frame) {
      frame = element("div", "page");
      frame.append(element("img"), element("span", "number", String(index + 1)));
      box.append(frame);
    }
    frame.style.width = width * PX_PER_PT * scale + "px";
    frame.style.height = height * PX_PER_PT * scale + "px";
  });
  // Visible pages first; each image is replaced only once its successor has loaded.
  const pane = $("print");
  const middle = pane.scrollTop + pane.clientHeight / 2;
  const order = [...box.children].map((frame, index) => [Math.abs(frame.offsetTop + frame.offsetHeight / 2 - middle), index]);
  order.sort((a, b) => a[0] - b[0]);
  for (const [, index] of order) {
    const frame = box.children[index];
    const src = "/_gongwen/pages/" + encodeURIComponent(doc.stem) + "/" + (index + 1) + ".png?v=" + doc.pdf.sha + "&scale=" + pixels;
    if (frame.dataset.src === src) continue;
    frame.dataset.src = src;
    const next = new Image();
    next.alt = "第 " + (index + 1) + " 页";
    next.onload = () => {
      if (frame.dataset.src === src) frame.querySelector("img").replaceWith(next);
    };
    next.src = src;
  }
}

function showWeb(doc) {
  const pane = $("web");
  const empty = pane.querySelector(".empty");
  empty.hidden = Boolean(doc.html);
  const shown = pane.querySelector("iframe:not(.loading)");
  if (!doc.html) {
    if (shown) shown.remove();
    web = { stem: doc.stem, html: null, pending: null };
    return;
  }
  if (web.stem === doc.stem && web.html === doc.html) return;
  if (web.pending) web.pending.remove();
  const sameDocument = web.stem === doc.stem && shown;
  const y = sameDocument ? shown.contentWindow.scrollY : 0;
  const frame = element("iframe", "loading");
  frame.title = "网页：" + doc.title;
  frame.onload = () => {
    frame.contentWindow.scrollTo(0, y);
    frame.classList.remove("loading");
    for (const old of pane.querySelectorAll("iframe")) if (old !== frame) old.remove();
    web.pending = null;
    if (selected && selected.stem === doc.stem) markInWeb(doc.findings[selected.index], false);
  };
  web = { stem: doc.stem, html: doc.html, pending: frame };
  frame.src = outputUrl(doc.stem + ".html", doc.html);
  pane.append(frame);
}

function showFindings(doc) {
  const list = $("finding-list");
  const count = doc.findings.length + doc.notes.length;
  $("findings-title").textContent = count ? "检查结果（" + count + "）" : "检查结果：没有发现问题";
  if (selected && (selected.stem !== doc.stem || selected.index >= doc.findings.length)) selected = null;
  $("finding-place").textContent = selected ? "选中：" + doc.findings[selected.index].location : "";
  const key = JSON.stringify([doc.stem, doc.findings, doc.notes]);
  if (key === drawn.findings) return;
  drawn.findings = key;
  list.replaceChildren(...doc.findings.map((finding, index) => {
    const item = element("li", finding.severity);
    if (selected && selected.index === index) item.classList.add("selected");
    const link = element("a", "", finding.location);
    link.href = "#";
    link.title = "在印刷页面和网页中显示这一处";
    link.addEventListener("click", (event) => {
      event.preventDefault();
      focusFinding(index);
    });
    item.append(link, element("span", "rule", finding.rule), finding.message);
    if (finding.excerpt) item.append(element("code", "", finding.excerpt));
    return item;
  }), ...doc.notes.map((note) => {
    const item = element("li", "note");
    item.append(element("span", "rule", "生成"), note);
    return item;
  }));
}

async function focusFinding(index) {
  const doc = current(); // the list is drawn once per change of findings: ask for the outputs now
  if (!doc || !doc.findings[index]) return;
  selected = { stem: doc.stem, index };
  [...$("finding-list").children].forEach((item, i) => item.classList.toggle("selected", i === index));
  $("finding-place").textContent = "选中：" + doc.findings[index].location;
  markInWeb(doc.findings[index], true);
  for (const mark of document.querySelectorAll(".mark")) mark.remove();
  if (!doc.pdf) return;
  const response = await fetch("/_gongwen/place/" + encodeURIComponent(doc.stem) + "/" + index, { cache: "no-store" });
  const place = response.ok ? await response.json() : null;
  if (!place) return;
  const frame = $("pages").children[place.page - 1];
  if (!frame) return;
  for (const box of place.boxes) {
    const mark = element("div", "mark");
    mark.style.left = box.left * 100 - 0.5 + "%";
    mark.style.width = (box.right - box.left) * 100 + 1 + "%";
    mark.style.top = box.top * 100 - 0.3 + "%";
    mark.style.height = (box.bottom - box.top) * 100 + 0.6 + "%";
    frame.append(mark);
  }
  const pane = $("print");
  const top = frame.offsetTop + place.boxes[0].top * frame.offsetHeight;
  pane.scrollTo({ top: top - pane.clientHeight / 3, behavior: "smooth" });
}

// Where a quoted text stands in a page: characters compared with white space left out,
// the context on both sides preferred (the same search the server makes in the PDF).
function findRange(win, quote) {
  const doc = win.document;
  const walker = doc.createTreeWalker(doc.body, NodeFilter.SHOW_TEXT);
  let text = "";
  const places = [];
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (node.parentElement.closest("script, style")) continue;
    for (let i = 0; i < node.data.length; i++) {
      if (/\s/.test(node.data[i])) continue;
      text += node.data[i];
      places.push([node, i]);
    }
  }
  const strip = (s) => s.replace(/\s+/g, "");
  const [before, body, after] = [strip(quote.before), strip(quote.text), strip(quote.after)];
  if (!body) return null;
  const tries = [[before, after], ["", after], [before, ""]];
  if (body.length >= 4) tries.push(["", ""]);
  for (const [lead, tail] of tries) {
    const at = text.indexOf(lead + body + tail);
    if (at < 0) continue;
    const start = places[at + lead.length];
    const end = places[at + lead.length + body.length - 1];
    const range = doc.createRange();
    range.setStart(start[0], start[1]);
    range.setEnd(end[0], end[1] + 1);
    return range;
  }
  return null;
}

function markInWeb(finding, scroll) {
  const frame = $("web").querySelector("iframe:not(.loading)");
  if (!frame || !finding || !finding.quote) return;
  const win = frame.contentWindow;
  const range = findRange(win, finding.quote);
  if (!win.CSS || !win.CSS.highlights) return;
  win.CSS.highlights.delete("gongwen-finding");
  if (!range) return;
  if (!win.document.getElementById("gongwen-finding-style")) {
    const style = win.document.createElement("style");
    style.id = "gongwen-finding-style";
    style.textContent = "::highlight(gongwen-finding) { background: #ffd54f; color: #000; }";
    win.document.head.append(style);
  }
  win.CSS.highlights.set("gongwen-finding", new win.Highlight(range));
  if (scroll) {
    const box = range.getBoundingClientRect();
    win.scrollBy({ top: box.top - win.innerHeight / 3, behavior: "smooth" });
  }
}

function setZoom(value) {
  const pane = $("print");
  const ratio = pane.scrollHeight ? (pane.scrollTop + pane.clientHeight / 2) / pane.scrollHeight : 0;
  zoom = value;
  localStorage.setItem("gongwen.zoom", value);
  for (const mark of document.querySelectorAll(".mark")) mark.remove();
  const doc = current();
  if (doc) showPages(doc);
  pane.scrollTop = ratio * pane.scrollHeight - pane.clientHeight / 2;
}

function setView(value) {
  view = value;
  localStorage.setItem("gongwen.view", value);
  $("panes").className = "panes " + value;
  for (const button of document.querySelectorAll(".views button")) {
    button.setAttribute("aria-pressed", String(button.dataset.view === value));
  }
  const doc = current();
  if (doc && zoom === "fit") showPages(doc);
}

function listen() {
  const events = new EventSource("/_gongwen/events");
  events.onmessage = refresh;
  events.onerror = () => {
    const status = $("status");
    status.textContent = "与 gongwen serve 的连接已断开，正在重连…";
    status.classList.add("offline");
  };
}

$("zoom").value = zoom;
$("zoom").addEventListener("change", (event) => setZoom(event.target.value));
for (const button of document.querySelectorAll(".views button")) {
  button.addEventListener("click", () => setView(button.dataset.view));
}
setView(view);
window.addEventListener("hashchange", () => {
  selected = null;
  if (state) render();
});
window.addEventListener("resize", () => {
  const doc = current();
  if (doc && zoom === "fit") showPages(doc);
});
listen();
