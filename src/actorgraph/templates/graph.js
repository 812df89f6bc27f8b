/* actorgraph page script. Every text from the data is written with textContent. */
(function () {
  "use strict";

  /* Levels (actors, countries, ...): when the page holds more than one, the one named
     in the address's #level=N is drawn; the switch sets it and opens the page again. */
  var levelData = [document.getElementById("graph-data")].concat(
    Array.prototype.slice.call(document.querySelectorAll("script.graph-level")));
  var levelIndex = (function () {
    var m = /(?:^#|&)level=(\d+)/.exec(location.hash);
    var i = m ? Number(m[1]) : 0;
    return i < levelData.length ? i : 0;
  })();
  var data = JSON.parse(levelData[levelIndex].textContent);
  var parts = window.actorgraphParts;  // layout.js, labels.js, export.js
  var panel = document.getElementById("panel");
  var container = document.getElementById("network");
  var legend = document.getElementById("legend");
  var showing = document.getElementById("showing");
  var FADED_NODE = "#e6e6e6", FADED_BORDER = "#cccccc", FADED_EDGE = "#ececec";
  var FADED_FONT = "#bbbbbb", FONT = "#222222", UNKNOWN = "#d9d9d9";

  /* ------------------------------------------------------------- helpers */

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  function $(id) { return document.getElementById(id); }

  function clear(node) {
    while (node.firstChild) node.removeChild(node.firstChild);
  }

  function plural(n, word, many) {
    return n + " " + (n === 1 ? word : many || word + "s");
  }

  function shorten(text, max) {
    text = String(text || "");
    return text.length > max ? text.slice(0, max - 1) + "\u2026" : text;
  }

  function fmt(x) {
    if (x === 0) return "0";
    return x >= 0.01 ? x.toFixed(3) : x.toExponential(2);
  }

  function swatch(color, shape) {
    var s = el("span", "swatch " + (shape || "dot"));
    s.style.background = color;
    return s;
  }

  /* Where the trigger is in the sentence, as [start, end] ranges: the whole phrase, or
     else each of its words in order ("have conversation" in "have a conversation"). */
  function triggerRanges(sentence, trigger) {
    var lower = sentence.toLowerCase();
    trigger = trigger.toLowerCase().trim();
    if (!trigger) return [];
    var at = lower.indexOf(trigger);
    if (at >= 0) return [[at, at + trigger.length]];
    var ranges = [], from = 0;
    trigger.split(/\s+/).forEach(function (word) {
      var i = lower.indexOf(word, from);
      while (i >= 0 && (/\w/.test(lower.charAt(i - 1) || " ") ||
                        /\w/.test(lower.charAt(i + word.length) || " "))) {
        i = lower.indexOf(word, i + 1);
      }
      if (i >= 0) {
        ranges.push([i, i + word.length]);
        from = i + word.length;
      }
    });
    return ranges;
  }

  /* A sentence with its trigger marked, built from text nodes only. */
  function sentenceNode(sentence, trigger, className) {
    var p = el("p", className);
    sentence = String(sentence || "");
    var done = 0;
    triggerRanges(sentence, String(trigger || "")).forEach(function (r) {
      p.appendChild(document.createTextNode(sentence.slice(done, r[0])));
      p.appendChild(el("mark", null, sentence.slice(r[0], r[1])));
      done = r[1];
    });
    p.appendChild(document.createTextNode(sentence.slice(done)));
    return p;
  }

  function interactionHead(it) {
    var parts = [it.type || "?"];
    if (it.date) parts.push(it.date);
    if (it.status) parts.push(it.status);
    return parts.join(" \u00b7 ");
  }

  var nodeById = {};
  var incident = {};
  data.nodes.forEach(function (n) { nodeById[n.id] = n; incident[n.id] = []; });
  var edgeById = {};
  data.edges.forEach(function (e) {
    edgeById[e.id] = e;
    incident[e.from].push(e);
    incident[e.to].push(e);
  });
  function labelOf(id) { return nodeById[id] ? nodeById[id].label : "?"; }

  /* ------------------------------------------------------------- colours and sizes */

  function ranked(key) {
    var counts = {};
    data.nodes.forEach(function (n) {
      var k = n[key];
      if (k === "" || k === -1) return;
      counts[k] = (counts[k] || 0) + 1;
    });
    return Object.keys(counts).sort(function (a, b) {
      return counts[b] - counts[a] || (a < b ? -1 : a > b ? 1 : 0);
    }).map(function (k) { return { key: k, count: counts[k] }; });
  }
  var countries = ranked("country");
  var communityRank = ranked("community");
  var countryColor = {}, communityColor = {};
  countries.slice(0, data.palette.length).forEach(function (c, i) { countryColor[c.key] = data.palette[i]; });
  communityRank.slice(0, data.palette.length).forEach(function (c, i) { communityColor[c.key] = data.palette[i]; });

  function baseColor(n) {
    if (state.colorBy === "community") {
      if (n.community === -1) return UNKNOWN;
      return communityColor[n.community] || data.other_color;
    }
    if (state.colorBy === "country") {
      if (!n.country) return UNKNOWN;
      return countryColor[n.country] || data.other_color;
    }
    return data.type_colors[n.type] || data.other_color;
  }

  var measureMax = {};
  data.size_measures.forEach(function (m) {
    measureMax[m] = data.nodes.reduce(function (acc, n) { return Math.max(acc, n[m] || 0); }, 0);
  });
  function nodeSize(n) {
    var top = measureMax[state.sizeBy];
    var v = n[state.sizeBy] || 0;
    return 8 + 22 * Math.sqrt(top > 0 ? v / top : 0);
  }

  function edgeWidth(w) {
    return data.max_weight > 1 ? 1 + 7 * Math.sqrt(Math.max(0, w - 1) / (data.max_weight - 1)) : 1;
  }

  /* ------------------------------------------------------------- filters */

  var weights = [];
  (function () {
    var seen = {};
    data.edges.forEach(function (e) { seen[e.weight] = true; });
    weights = Object.keys(seen).map(Number).sort(function (a, b) { return a - b; });
    if (!weights.length || weights[0] !== 1) weights.unshift(1);
  })();

  var state = {
    types: data.types.map(function () { return true; }),
    quads: data.quads.map(function () { return true; }),
    statuses: data.statuses.map(function () { return true; }),
    from: 0,
    to: Math.max(0, data.dates.length - 1),
    undated: true,
    minWeight: 1,
    colorBy: "type",
    sizeBy: "degree",
    small: true,  // small components shown beside the main one
    focus: null
  };

  function facetPasses(f) {
    if (!state.types[f[0]] || !state.quads[f[1]] || !state.statuses[f[2]]) return false;
    if (f[3] === -1) return state.undated;
    return f[3] >= state.from && f[3] <= state.to;
  }

  function interactionPasses(it) {
    if (data.types.indexOf(it.type) >= 0 && !state.types[data.types.indexOf(it.type)]) return false;
    if (!state.quads[data.quads.indexOf(it.quad)]) return false;
    if (data.statuses.indexOf(it.status) >= 0 && !state.statuses[data.statuses.indexOf(it.status)]) return false;
    if (!it.date) return state.undated;
    var d = data.dates.indexOf(it.date);
    return d >= state.from && d <= state.to;
  }

  var visible = { edges: {}, nodes: {}, weight: {}, quad: {}, nEdges: 0, nNodes: 0, nInteractions: 0 };

  function computeVisible() {
    var v = { edges: {}, nodes: {}, weight: {}, quad: {}, strength: {}, nEdges: 0, nNodes: 0,
              nInteractions: 0 };
    data.edges.forEach(function (e) {
      var w = 0, quads = {};
      e.facets.forEach(function (f) {
        if (facetPasses(f)) {
          w += f[4];
          quads[f[1]] = (quads[f[1]] || 0) + f[4];
        }
      });
      v.weight[e.id] = w;
      if (w > 0 && w >= state.minWeight) {
        v.edges[e.id] = true;
        v.nodes[e.from] = true;
        v.nodes[e.to] = true;
        v.strength[e.from] = (v.strength[e.from] || 0) + w;
        v.strength[e.to] = (v.strength[e.to] || 0) + w;
        // The most frequent quad class; ties go to conflict before cooperation, as in Python.
        var best = null;
        Object.keys(quads).forEach(function (qi) {
          var q = data.quads[qi];
          if (best === null || quads[qi] > quads[data.quads.indexOf(best)] ||
              (quads[qi] === quads[data.quads.indexOf(best)] &&
               data.quad_priority.indexOf(q) < data.quad_priority.indexOf(best))) best = q;
        });
        v.quad[e.id] = best;
      }
    });
    data.nodes.forEach(function (n) {
      if (!incident[n.id].length && !filtersActive()) v.nodes[n.id] = true;  // isolates
    });
    if (!state.small) keepMainOnly(v);
    Object.keys(v.edges).forEach(function (id) { v.nEdges += 1; v.nInteractions += v.weight[id]; });
    v.nNodes = Object.keys(v.nodes).length;
    visible = v;
  }

  /* The links that pass, as [from, to, weight] for layout.js. */
  function visibleLinks(v) {
    return Object.keys(v.edges).map(function (id) {
      var e = edgeById[id];
      return [e.from, e.to, v.weight[id]];
    });
  }

  /* With the small components switched off: only the largest part of what passes. */
  function keepMainOnly(v) {
    var ids = Object.keys(v.nodes).map(Number);
    var comps = parts.components(ids, visibleLinks(v));
    if (comps.length < 2) return;
    var main = {};
    comps[0].forEach(function (id) { main[id] = true; });
    ids.forEach(function (id) { if (!main[id]) delete v.nodes[id]; });
    Object.keys(v.edges).forEach(function (id) {
      if (!main[edgeById[id].from]) delete v.edges[id];
    });
  }

  function filtersActive() {
    function off(list) { return list.some(function (on) { return !on; }); }
    return off(state.types) || off(state.quads) || off(state.statuses) || !state.undated ||
      state.from > 0 || state.to < data.dates.length - 1 || state.minWeight > 1 ||
      !state.small;
  }

  /* ------------------------------------------------------------- vis items */

  function neighbourhood() {
    if (state.focus === null) return null;
    var near = {};
    near[state.focus] = true;
    incident[state.focus].forEach(function (e) {
      if (visible.edges[e.id]) { near[e.from] = true; near[e.to] = true; }
    });
    return near;
  }

  function nodeItem(n, near) {
    var faded = near && !near[n.id];
    var c = faded ? FADED_NODE : baseColor(n);
    var border = faded ? FADED_BORDER : "#333333";
    return {
      id: n.id,
      hidden: !visible.nodes[n.id],
      size: nodeSize(n),
      color: { background: c, border: border,
               highlight: { background: c, border: "#000000" },
               hover: { background: c, border: "#000000" } },
      font: { color: faded ? FADED_FONT : FONT },
      borderWidth: n.id === state.focus ? 3 : 1
    };
  }

  function edgeItem(e, near) {
    var on = !!visible.edges[e.id];
    var w = visible.weight[e.id] || e.weight;
    var faded = near && !(e.from === state.focus || e.to === state.focus);
    var c = faded ? FADED_EDGE : data.quad_colors[visible.quad[e.id] || e.quad];
    return {
      id: e.id,
      hidden: !on,
      width: Math.round(edgeWidth(w) * 100) / 100,
      color: { color: c, highlight: c, hover: c, opacity: faded ? 0.6 : 0.85 }
    };
  }

  /* Push only the items whose look changed: vis redraws once per update call. */
  var lastNode = {}, lastEdge = {};
  function changed(last, item) {
    var key = JSON.stringify(item);
    if (last[item.id] === key) return false;
    last[item.id] = key;
    return true;
  }

  function refresh() {
    computeVisible();
    var near = neighbourhood();
    var nodeUpdates = [], edgeUpdates = [];
    data.nodes.forEach(function (n) {
      var item = nodeItem(n, near);
      if (changed(lastNode, item)) nodeUpdates.push(item);
    });
    data.edges.forEach(function (e) {
      var item = edgeItem(e, near);
      if (changed(lastEdge, item)) edgeUpdates.push(item);
    });
    if (nodeUpdates.length) nodes.update(nodeUpdates);
    if (edgeUpdates.length) edges.update(edgeUpdates);
    var docs = documentsInRange();
    arrange();
    rankLabels(near);
    showing.textContent = "Showing " + plural(visible.nNodes, "actor") + ", " +
      plural(visible.nEdges, "link") + " (" + plural(visible.nInteractions, "interaction") + ")" +
      (filtersActive() ? " with the filters" : "") +
      (docs === null ? "" : "; " + plural(docs, "document") + " in the date range" +
        (docs ? ", " + (100 * visible.nInteractions / docs).toFixed(1) + " interactions per 100 documents" : ""));
    drawLegend();
  }

  /* Documents dated within the date range (and undated ones while those are shown):
     the denominator of the interactions shown. null when the page has no counts. */
  function documentsInRange() {
    if (data.doc_undated === null || data.doc_undated === undefined) return null;
    // The slider's ends stand for "from the start" and "to the end" of the corpus.
    var last = data.dates.length - 1;
    var from = data.dates.length && state.from > 0 ? data.dates[state.from] : null;
    var to = data.dates.length && state.to < last ? data.dates[state.to] : null;
    var n = state.undated ? data.doc_undated : 0;
    data.doc_dates.forEach(function (d) {
      if ((from === null || d[0] >= from) && (to === null || d[0] <= to)) n += d[1];
    });
    return n;
  }

  /* After a filter changed: the graph, and the panel's list of interactions. */
  function filtersChanged() {
    refresh();
    if (panelShows && panelShows.edge !== undefined) showEdge(edgeById[panelShows.edge]);
    else if (panelShows && panelShows.node !== undefined) showNode(nodeById[panelShows.node]);
  }

  /* ------------------------------------------------------------- tooltips */

  function nodeTooltip(n) {
    var box = el("div", "tip");
    box.appendChild(el("div", "tip-title", n.label));
    var meta = [n.type || "unknown type"];
    if (n.country) meta.push(n.country);
    box.appendChild(el("div", "tip-meta", meta.join(" \u00b7 ")));
    box.appendChild(el("div", "tip-meta",
      plural(n.degree, "partner") + ", " + plural(n.interactions, "interaction")));
    return box;
  }

  function edgeTooltip(e) {
    var box = el("div", "tip");
    box.appendChild(el("div", "tip-title", labelOf(e.from) + " \u2013 " + labelOf(e.to)));
    box.appendChild(el("div", "tip-meta", plural(e.weight, "interaction") + " \u00b7 mostly " + e.quad));
    var shown = e.interactions.slice(0, data.tooltip_interactions);
    shown.forEach(function (it) {
      var item = el("div", "tip-item");
      item.appendChild(el("div", "tip-head",
        labelOf(it.source) + " \u2192 " + labelOf(it.target) + ": " + interactionHead(it)));
      if (it.sentence) item.appendChild(el("div", "tip-sentence", shorten(it.sentence, 200)));
      box.appendChild(item);
    });
    if (e.weight > shown.length) {
      box.appendChild(el("div", "tip-more", "\u2026 and " + (e.weight - shown.length) + " more; click the link for the list"));
    }
    return box;
  }

  /* ------------------------------------------------------------- side panel */

  var panelShows = null;  // {edge: id} or {node: id}: redrawn when the filters change

  function hint() {
    panelShows = null;
    clear(panel);
    panel.appendChild(el("p", "hint", "Click an actor or a link to see its details."));
  }

  function closeButton() {
    var b = el("button", "close", "\u00d7");
    b.type = "button";
    b.title = "Close";
    b.setAttribute("aria-label", "Close the panel");
    b.addEventListener("click", function () { unfocus(); hint(); });
    return b;
  }

  function row(dl, term, value) {
    if (value === undefined || value === null || value === "") return;
    dl.appendChild(el("dt", null, term));
    dl.appendChild(el("dd", null, value));
  }

  function showNode(n) {
    panelShows = { node: n.id };
    clear(panel);
    panel.appendChild(closeButton());
    panel.appendChild(el("h2", null, n.label));
    var dl = el("dl", "facts");
    row(dl, "Type", n.type || "unknown");
    row(dl, "Country", n.country);
    row(dl, "Aliases", n.aliases.join("; "));
    row(dl, "Mentions", n.mentions ? String(n.mentions) : "");
    row(dl, "Interactions", String(n.interactions));
    row(dl, "Partners", String(n.degree));
    row(dl, "PageRank", fmt(n.pagerank));
    row(dl, "Betweenness", fmt(n.betweenness) + (data.betweenness_k ? " (estimated)" : ""));
    if (n.community !== -1) row(dl, "Community", "#" + (communityRank.findIndex(function (c) { return Number(c.key) === n.community; }) + 1));
    panel.appendChild(dl);
    if (!visible.nodes[n.id]) panel.appendChild(el("p", "note", "Hidden by the current filters."));
    if (n.partners.length) {
      panel.appendChild(el("h3", null, "Top partners"));
      var list = el("ol", "partners");
      n.partners.forEach(function (p) {
        var li = el("li");
        if (nodeById[p[0]]) {
          var b = el("button", "link partner-name", p[1]);
          b.type = "button";
          b.addEventListener("click", function () { focusActor(p[0], true); });
          li.appendChild(b);
        } else {
          li.appendChild(el("span", "partner-name", p[1]));
        }
        li.appendChild(el("span", "count", p[2]));
        list.appendChild(li);
      });
      panel.appendChild(list);
      if (n.more_partners) panel.appendChild(el("p", "more", "\u2026 and " + plural(n.more_partners, "other partner")));
    }
  }

  function interactionItem(it) {
    var li = el("li", "interaction");
    var head = el("div", "head");
    var badge = el("span", "badge", it.type || "?");
    badge.style.background = data.quad_colors[it.quad] || data.quad_colors.neutral;
    head.appendChild(badge);
    head.appendChild(el("span", "who", " " + labelOf(it.source) + (it.directed ? " \u2192 " : " \u2013 ") + labelOf(it.target)));
    li.appendChild(head);
    var dl = el("dl", "facts");
    row(dl, "Date", it.date || "undated");
    row(dl, "Status", it.status);
    row(dl, "Mode", it.mode);
    row(dl, "Trigger", it.trigger);
    var title = data.doc_titles[it.doc_id];
    row(dl, "Document", it.doc_id + (title ? " \u2014 " + title : ""));
    var src = (data.doc_sources || {})[it.doc_id] || {};
    if (src.publisher) row(dl, "Source", src.publisher);
    if (src.author) row(dl, "Author", src.author);
    if (src.provenance && src.provenance !== "extracted") row(dl, "Imported from", src.provenance);
    if (src.ref) row(dl, "Reference", src.ref);
    if (src.url) {
      var dt = el("dt", null, "URL");
      var dd = el("dd");
      var a = el("a", "doc-url", src.url);
      a.href = src.url;  // http(s) only: render.py checks the scheme
      a.target = "_blank";
      a.rel = "noopener noreferrer";
      dd.appendChild(a);
      dl.appendChild(dt);
      dl.appendChild(dd);
    }
    li.appendChild(dl);
    if (it.sentence) li.appendChild(sentenceNode(it.sentence, it.trigger, "sentence"));
    return li;
  }

  function showEdge(e) {
    panelShows = { edge: e.id };
    clear(panel);
    panel.appendChild(closeButton());
    panel.appendChild(el("h2", null, labelOf(e.from) + " \u2013 " + labelOf(e.to)));
    var quads = Object.keys(e.quads).map(function (q) { return q + " " + e.quads[q]; });
    panel.appendChild(el("p", "meta", plural(e.weight, "interaction") + " \u00b7 " + quads.join(", ")));
    var items = e.interactions.filter(interactionPasses);
    var note = filtersActive() ? plural(items.length, "interaction") + " kept in the page pass the filters" : "";
    if (e.interactions.length < e.weight) {
      note = (note ? note + "; " : "") + "the page keeps " + e.interactions.length + " of " + e.weight + " in full";
    }
    if (note) panel.appendChild(el("p", "meta", note.charAt(0).toUpperCase() + note.slice(1) + "."));
    var list = el("ol", "interactions");
    panel.appendChild(list);
    var shown = 0;
    var more = el("button", "more-button");
    more.type = "button";
    function page() {
      items.slice(shown, shown + data.panel_page).forEach(function (it) { list.appendChild(interactionItem(it)); });
      shown = Math.min(items.length, shown + data.panel_page);
      var left = items.length - shown;
      more.textContent = "Show " + Math.min(left, data.panel_page) + " more (" + left + " left)";
      more.hidden = left <= 0;
    }
    more.addEventListener("click", page);
    panel.appendChild(more);
    page();
  }

  /* ------------------------------------------------------------- network */

  computeVisible();
  var nodes = new vis.DataSet(data.nodes.map(function (n) {
    var item = nodeItem(n, null);
    lastNode[n.id] = JSON.stringify(item);
    item.label = n.label;
    item.x = n.x;
    item.y = n.y;
    item.title = nodeTooltip(n);
    return item;
  }));
  var edges = new vis.DataSet(data.edges.map(function (e) {
    var item = edgeItem(e, null);
    lastEdge[e.id] = JSON.stringify(item);
    item.from = e.from;
    item.to = e.to;
    item.arrows = e.arrows;
    item.title = edgeTooltip(e);
    return item;
  }));
  var big = data.edges.length > 500;
  var options = {
    physics: { enabled: false },
    layout: { randomSeed: 1, improvedLayout: false },
    // vis-network's own labels stay off (their threshold is never reached): labels.js
    // draws the names at a fixed size on screen instead.
    nodes: { shape: "dot", borderWidth: 1, font: { size: 14, face: "sans-serif", color: FONT },
             scaling: { label: { drawThreshold: 1e9 } } },
    edges: { smooth: false, selectionWidth: 2, hoverWidth: 1.5,
             arrows: { to: { scaleFactor: 0.6 }, from: { scaleFactor: 0.6 } } },
    interaction: { hover: !big, tooltipDelay: 150, hideEdgesOnDrag: big, hideEdgesOnZoom: big,
                   navigationButtons: false, keyboard: false }
  };
  var network = new vis.Network(container, { nodes: nodes, edges: edges }, options);

  var api = { network: network, nodes: nodes, edges: edges, data: data, state: state,
              drawn: false, drawnAt: null };
  window.actorgraph = api;
  network.once("afterDrawing", function () {
    api.drawnAt = performance.now();
    api.drawn = true;
    document.body.setAttribute("data-drawn", "true");
  });

  /* ------------------------------------------------------------- layout and labels */

  var home = {};  // Python's positions: the whole graph's layout
  data.nodes.forEach(function (n) { home[n.id] = { x: n.x, y: n.y }; });
  var layoutKey = "";

  /* Lay out what the filters leave, again, when it changed; then fit it to the view. */
  function arrange() {
    var ids = Object.keys(visible.nodes).map(Number).sort(function (a, b) { return a - b; });
    var key = ids.join(",") + "|" + Object.keys(visible.edges).sort().join(",");
    if (key === layoutKey || !network) return;
    var first = layoutKey === "";
    layoutKey = key;
    var pos = home;
    if (filtersActive()) {
      var aspect = container.clientWidth / Math.max(1, container.clientHeight);
      pos = parts.relayout(ids, visibleLinks(visible), home, aspect).positions;
    }
    if (first && pos === home) return;  // drawn where Python placed them already
    nodes.update(ids.map(function (id) { return { id: id, x: pos[id].x, y: pos[id].y }; }));
    network.fit({ animation: false });
  }

  /* The order in which names get a place: the focused actor and its partners, then by
     weighted degree over the links that pass. */
  var labelOrder = [];
  function rankLabels(near) {
    var strength = visible.strength;
    labelOrder = Object.keys(visible.nodes).map(Number).sort(function (a, b) {
      var na = near ? (a === state.focus ? 2 : near[a] ? 1 : 0) : 0;
      var nb = near ? (b === state.focus ? 2 : near[b] ? 1 : 0) : 0;
      return nb - na || (strength[b] || 0) - (strength[a] || 0) ||
        nodeById[b].degree - nodeById[a].degree || a - b;
    });
    labelFaded = near;
  }
  var labelFaded = null, placedLabels = [];

  network.on("afterDrawing", function (ctx) {
    var ratio = network.canvas.pixelRatio || 1;
    var width = container.clientWidth, height = container.clientHeight;
    var scale = network.getScale();
    var items = [];
    labelOrder.forEach(function (id) {
      var body = network.body.nodes[id];
      if (!body) return;
      var p = network.canvasToDOM({ x: body.x, y: body.y });
      items.push({ id: id, text: nodeById[id].label, x: p.x, y: p.y,
                   r: (body.options.size || 8) * scale,
                   colour: labelFaded && !labelFaded[id] ? FADED_FONT : FONT });
    });
    ctx.save();
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    placedLabels = parts.placeLabels(ctx, items, width, height);
    parts.drawLabels(ctx, placedLabels);
    ctx.restore();
  });

  /* ------------------------------------------------------------- pictures */

  function canvas() { return container.querySelector("canvas"); }

  function viewSVG() {
    var scale = network.getScale();
    var view = { width: container.clientWidth, height: container.clientHeight,
                 title: document.title, edges: [], nodes: [], labels: placedLabels };
    function at(id) {
      var b = network.body.nodes[id];
      return network.canvasToDOM({ x: b.x, y: b.y });
    }
    edges.get().forEach(function (item) {
      if (item.hidden) return;
      var a = at(edgeById[item.id].from), b = at(edgeById[item.id].to);
      view.edges.push({ x1: a.x, y1: a.y, x2: b.x, y2: b.y, colour: item.color.color,
                        width: Math.max(0.5, item.width * scale), opacity: item.color.opacity });
    });
    nodes.get().forEach(function (item) {
      if (item.hidden) return;
      var p = at(item.id);
      view.nodes.push({ x: p.x, y: p.y, r: item.size * scale, fill: item.color.background,
                        stroke: item.color.border, strokeWidth: item.borderWidth * Math.min(1, scale) });
    });
    return parts.viewSVG(view);
  }

  function exportPNG() { network.redraw(); return parts.canvasPNG(canvas()); }
  function exportSVG() { return viewSVG(); }
  $("export-png").addEventListener("click", function () {
    parts.download(exportPNG(), "actorgraph.png");
  });
  $("export-svg").addEventListener("click", function () {
    parts.download("data:image/svg+xml;charset=utf-8," + encodeURIComponent(exportSVG()),
                   "actorgraph.svg");
  });

  function unfocus() {
    if (state.focus === null) return;
    state.focus = null;
    network.unselectAll();
    refresh();
  }

  function focusActor(id, move) {
    var n = nodeById[id];
    if (!n) return;
    state.focus = id;
    refresh();
    showNode(n);
    if (visible.nodes[id]) {
      network.selectNodes([id]);
      if (move) {
        network.focus(id, { scale: Math.max(network.getScale(), 1.0),
                            animation: { duration: 300, easingFunction: "easeInOutQuad" } });
      }
    }
  }

  network.on("click", function (params) {
    if (params.nodes.length) {
      focusActor(params.nodes[0], false);
    } else if (params.edges.length) {
      state.focus = null;
      refresh();
      showEdge(edgeById[params.edges[0]]);
    } else {
      unfocus();
      hint();
    }
  });

  /* ------------------------------------------------------------- legend */

  function legendGroup(title) {
    var g = el("div", "legend-group");
    g.appendChild(el("div", "legend-title", title));
    legend.appendChild(g);
    return g;
  }

  function legendItem(group, color, text, shape) {
    var item = el("div", "legend-item");
    item.appendChild(swatch(color, shape));
    item.appendChild(el("span", null, text));
    group.appendChild(item);
  }

  function drawLegend() {
    clear(legend);
    var g, i;
    if (state.colorBy === "community") {
      g = legendGroup("Actors by community");
      var nc = Math.min(communityRank.length, data.palette.length);
      for (i = 0; i < nc; i++) legendItem(g, data.palette[i], "#" + (i + 1) + " (" + communityRank[i].count + ")");
      if (communityRank.length > nc) legendItem(g, data.other_color, plural(communityRank.length - nc, "smaller community", "smaller communities"));
    } else if (state.colorBy === "country") {
      g = legendGroup("Actors by country");
      var shown = countries.slice(0, data.palette.length);
      shown.forEach(function (c, j) { legendItem(g, data.palette[j], c.key + " (" + c.count + ")"); });
      if (countries.length > shown.length) legendItem(g, data.other_color, plural(countries.length - shown.length, "other country", "other countries"));
      legendItem(g, UNKNOWN, "no country");
    } else {
      g = legendGroup("Actors by type");
      Object.keys(data.type_colors).forEach(function (t) { legendItem(g, data.type_colors[t], t); });
      legendItem(g, data.other_color, "other");
    }
    var names = { degree: "partners", pagerank: "PageRank", betweenness: "betweenness" };
    g = legendGroup("Size");
    g.appendChild(el("div", "legend-item", names[state.sizeBy] + ", up to " +
      (state.sizeBy === "degree" ? measureMax.degree : fmt(measureMax[state.sizeBy]))));
    g = legendGroup("Links by quad class");
    data.quads.forEach(function (q) { legendItem(g, data.quad_colors[q], q, "line"); });
    g.appendChild(el("div", "legend-item", "width: interactions, up to " + data.max_weight));
  }

  /* ------------------------------------------------------------- controls */

  function checkbox(parent, text, checked, onChange, color) {
    var label = el("label", "check");
    var box = el("input");
    box.type = "checkbox";
    box.checked = checked;
    box.addEventListener("change", function () { onChange(box.checked); });
    label.appendChild(box);
    if (color) label.appendChild(swatch(color, "line"));
    label.appendChild(document.createTextNode(" " + text));
    parent.appendChild(label);
    return box;
  }

  function totals(index) {
    var out = {};
    data.edges.forEach(function (e) {
      e.facets.forEach(function (f) { out[f[index]] = (out[f[index]] || 0) + f[4]; });
    });
    return out;
  }

  var typeBoxes = [], quadBoxes = [], statusBoxes = [];
  (function () {
    var typeTotals = totals(0), quadTotals = totals(1), statusTotals = totals(2);
    var typeRoot = $("type-filters");
    data.quads.forEach(function (q, qi) {
      var members = [];
      data.types.forEach(function (t, ti) { if (data.type_quads[ti] === q) members.push(ti); });
      if (!members.length && !quadTotals[qi]) return;
      var group = el("div", "quad-group");
      quadBoxes[qi] = checkbox(group, q + " (" + (quadTotals[qi] || 0) + ")", true, function (on) {
        state.quads[qi] = on;
        members.forEach(function (ti) { typeBoxes[ti].disabled = !on; });
        filtersChanged();
      }, data.quad_colors[q]);
      quadBoxes[qi].setAttribute("data-quad", q);
      var inner = el("div", "types");
      members.forEach(function (ti) {
        typeBoxes[ti] = checkbox(inner, data.types[ti] + " (" + (typeTotals[ti] || 0) + ")", true, function (on) {
          state.types[ti] = on;
          filtersChanged();
        });
        typeBoxes[ti].setAttribute("data-type", data.types[ti]);
      });
      group.appendChild(inner);
      typeRoot.appendChild(group);
    });
    // Types whose quad class is not one of PLOVER's (none today) still get a box.
    data.types.forEach(function (t, ti) {
      if (typeBoxes[ti]) return;
      typeBoxes[ti] = checkbox(typeRoot, t + " (" + (typeTotals[ti] || 0) + ")", true, function (on) {
        state.types[ti] = on;
        filtersChanged();
      });
      typeBoxes[ti].setAttribute("data-type", t);
    });
    var statusRoot = $("status-filters");
    data.statuses.forEach(function (s, si) {
      statusBoxes[si] = checkbox(statusRoot, (s || "unknown") + " (" + (statusTotals[si] || 0) + ")", true, function (on) {
        state.statuses[si] = on;
        filtersChanged();
      });
      statusBoxes[si].setAttribute("data-status", s);
    });
  })();

  var minWeight = $("min-weight"), minWeightValue = $("min-weight-value");
  minWeight.max = String(weights.length - 1);
  minWeight.addEventListener("input", function () {
    state.minWeight = weights[Number(minWeight.value)] || 1;
    minWeightValue.textContent = String(state.minWeight);
    filtersChanged();
  });

  var dateFrom = $("date-from"), dateTo = $("date-to"), dateValue = $("date-value"), undated = $("undated");
  function showDates() {
    dateValue.textContent = data.dates.length
      ? data.dates[state.from] + " \u2013 " + data.dates[state.to]
      : "no dated interactions";
  }
  if (data.dates.length < 2) {
    dateFrom.disabled = dateTo.disabled = true;
  }
  dateFrom.max = dateTo.max = String(Math.max(0, data.dates.length - 1));
  dateTo.value = String(state.to);
  dateFrom.addEventListener("input", function () {
    if (playing) stopPlaying();
    state.from = Number(dateFrom.value);
    if (state.from > state.to) { state.to = state.from; dateTo.value = String(state.to); }
    showDates();
    filtersChanged();
  });
  dateTo.addEventListener("input", function () {
    if (playing) stopPlaying();
    state.to = Number(dateTo.value);
    if (state.to < state.from) { state.from = state.to; dateFrom.value = String(state.from); }
    showDates();
    filtersChanged();
  });
  undated.addEventListener("change", function () { state.undated = undated.checked; filtersChanged(); });
  showDates();

  /* Play: the date range grows from the first date, a week or a month a step, so
     the graph grows and changes as the corpus goes on; undated interactions are left
     out while it plays. */
  var play = $("play"), playStep = $("play-step"), playing = null;

  /* The last date index of each week (ISO weeks, from Monday) or calendar month. */
  function periodEnds(step) {
    var ends = [], last = null;
    data.dates.forEach(function (d, i) {
      var key = d.slice(0, 7);
      if (step === "week") {
        var t = Date.UTC(Number(d.slice(0, 4)), Number(d.slice(5, 7) || 1) - 1, Number(d.slice(8, 10) || 1));
        var day = (new Date(t).getUTCDay() + 6) % 7;  // Monday 0
        key = String(Math.floor((t / 86400000 - day + 3) / 7));
      }
      if (key !== last && i > 0) ends.push(i - 1);
      last = key;
    });
    if (data.dates.length) ends.push(data.dates.length - 1);
    return ends;
  }

  function stopPlaying() {
    if (!playing) return;
    clearTimeout(playing.timer);
    state.undated = playing.undated;
    undated.checked = state.undated;
    playing = null;
    play.textContent = "\u25b6 Play";
    play.setAttribute("aria-pressed", "false");
    filtersChanged();
  }

  function playTo(k) {
    if (!playing) return;
    if (k >= playing.ends.length) { stopPlaying(); return; }
    state.from = 0;
    state.to = playing.ends[k];
    dateFrom.value = "0";
    dateTo.value = String(state.to);
    showDates();
    filtersChanged();
    playing.step = k;
    playing.timer = setTimeout(function () { playTo(k + 1); }, api.playDelay);
  }

  if (data.dates.length < 2) play.disabled = playStep.disabled = true;
  play.addEventListener("click", function () {
    if (playing) { stopPlaying(); return; }
    playing = { ends: periodEnds(playStep.value), undated: state.undated, step: 0, timer: null };
    state.undated = false;
    undated.checked = false;
    play.textContent = "\u275a\u275a Pause";
    play.setAttribute("aria-pressed", "true");
    playTo(0);
  });

  (function () {
    if (levelData.length < 2) return;
    var select = $("level");
    levelData.forEach(function (script, i) {
      var option = el("option", null, i ? script.getAttribute("data-level")
                                          : $("level").getAttribute("data-first"));
      option.value = String(i);
      select.appendChild(option);
    });
    select.value = String(levelIndex);
    $("level-row").hidden = false;
    select.addEventListener("change", function () {
      location.hash = "level=" + select.value;
      location.reload();
    });
    if (levelIndex > 0) {  // the header's totals are the first level's
      var total = data.edges.reduce(function (s, e) { return s + e.weight; }, 0);
      $("count-actors").textContent = plural(data.nodes.length, "actor");
      $("count-interactions").textContent = plural(total, "interaction");
      $("count-links").textContent = plural(data.edges.length, "link") + " in the page";
      var note = $("hidden-note");
      if (note) note.hidden = true;
    }
  })();

  $("small-components").addEventListener("change", function (ev) {
    state.small = ev.target.checked;
    filtersChanged();
  });

  $("color-by").addEventListener("change", function (ev) { state.colorBy = ev.target.value; refresh(); });
  $("size-by").addEventListener("change", function (ev) { state.sizeBy = ev.target.value; refresh(); });

  $("reset").addEventListener("click", function () {
    state.types = data.types.map(function () { return true; });
    state.quads = data.quads.map(function () { return true; });
    state.statuses = data.statuses.map(function () { return true; });
    state.from = 0;
    state.to = Math.max(0, data.dates.length - 1);
    state.undated = true;
    state.minWeight = 1;
    state.small = true;
    $("small-components").checked = true;
    if (playing) { clearTimeout(playing.timer); playing = null; play.textContent = "\u25b6 Play"; }
    typeBoxes.concat(quadBoxes, statusBoxes).forEach(function (b) { if (b) { b.checked = true; b.disabled = false; } });
    dateFrom.value = "0";
    dateTo.value = String(state.to);
    undated.checked = true;
    minWeight.value = "0";
    minWeightValue.textContent = "1";
    showDates();
    filtersChanged();
  });
  $("fit").addEventListener("click", function () { network.fit({ animation: false }); });

  /* ------------------------------------------------------------- search */

  var search = $("search"), results = $("search-results");
  var index = data.nodes.map(function (n) {
    return { id: n.id, names: [n.label].concat(n.aliases).map(function (s) { return s.toLowerCase(); }) };
  });

  function matches(query) {
    query = query.trim().toLowerCase();
    if (!query) return [];
    var exact = [], prefix = [], inside = [];
    index.forEach(function (entry) {
      var best = 3;
      entry.names.forEach(function (name) {
        var at = name.indexOf(query);
        if (at < 0) return;
        best = Math.min(best, name === query ? 0 : at === 0 ? 1 : 2);
      });
      if (best === 0) exact.push(entry.id);
      else if (best === 1) prefix.push(entry.id);
      else if (best === 2) inside.push(entry.id);
    });
    function byWeight(a, b) { return nodeById[b].interactions - nodeById[a].interactions; }
    return exact.sort(byWeight).concat(prefix.sort(byWeight), inside.sort(byWeight));
  }

  function listMatches() {
    clear(results);
    var found = matches(search.value);
    found.slice(0, 8).forEach(function (id) {
      var li = el("li");
      var b = el("button", "link", labelOf(id));
      b.type = "button";
      b.addEventListener("click", function () { focusActor(id, true); });
      li.appendChild(b);
      var n = nodeById[id];
      li.appendChild(el("span", "count", (n.type || "") + (visible.nodes[id] ? "" : " \u00b7 hidden")));
      results.appendChild(li);
    });
    if (found.length > 8) results.appendChild(el("li", "more", "\u2026 and " + (found.length - 8) + " more"));
    if (search.value.trim() && !found.length) results.appendChild(el("li", "more", "No actor matches."));
    return found;
  }

  search.addEventListener("input", listMatches);
  document.addEventListener("keydown", function (ev) {
    if (ev.key === "Escape" && panelShows) { unfocus(); hint(); }
  });
  search.addEventListener("keydown", function (ev) {
    if (ev.key !== "Enter") return;
    var found = listMatches();
    if (found.length) focusActor(found[0], true);
  });

  api.focusActor = focusActor;
  api.labels = function () { return placedLabels.slice(); };
  api.playDelay = 1200;  // ms a step of the play button shows
  api.periodEnds = periodEnds;
  api.playing = function () { return playing ? playing.step : null; };
  api.exportPNG = exportPNG;
  api.exportSVG = exportSVG;
  api.refresh = refresh;
  api.visible = function () {
    return { nodes: visible.nNodes, edges: visible.nEdges, interactions: visible.nInteractions };
  };
  refresh();
})();
