/* actorgraph page script. Every text from the data is written with textContent. */
(function () {
  "use strict";

  var data = JSON.parse(document.getElementById("graph-data").textContent);
  var panel = document.getElementById("panel");
  var container = document.getElementById("network");
  var PANEL_CAP = 50;

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  function clear(node) {
    while (node.firstChild) node.removeChild(node.firstChild);
  }

  function plural(n, word) {
    return n + " " + word + (n === 1 ? "" : "s");
  }

  function shorten(text, max) {
    text = String(text || "");
    return text.length > max ? text.slice(0, max - 1) + "\u2026" : text;
  }

  /* A sentence with its trigger word marked, built from text nodes only. */
  function sentenceNode(sentence, trigger, className) {
    var p = el("p", className);
    sentence = String(sentence || "");
    trigger = String(trigger || "");
    var at = trigger ? sentence.toLowerCase().indexOf(trigger.toLowerCase()) : -1;
    if (at < 0) {
      p.textContent = sentence;
      return p;
    }
    p.appendChild(document.createTextNode(sentence.slice(0, at)));
    p.appendChild(el("mark", null, sentence.slice(at, at + trigger.length)));
    p.appendChild(document.createTextNode(sentence.slice(at + trigger.length)));
    return p;
  }

  function interactionHead(it) {
    var parts = [it.type || "?"];
    if (it.date) parts.push(it.date);
    if (it.status) parts.push(it.status);
    return parts.join(" \u00b7 ");
  }

  var nodeById = {};
  data.nodes.forEach(function (n) { nodeById[n.id] = n; });
  var edgeById = {};
  data.edges.forEach(function (e) { edgeById[e.id] = e; });

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
    var a = nodeById[e.from], b = nodeById[e.to];
    var box = el("div", "tip");
    box.appendChild(el("div", "tip-title", a.label + " \u2013 " + b.label));
    box.appendChild(el("div", "tip-meta", plural(e.weight, "interaction") + " \u00b7 mostly " + e.quad));
    var shown = e.interactions.slice(0, data.tooltip_interactions);
    shown.forEach(function (it) {
      var item = el("div", "tip-item");
      item.appendChild(el("div", "tip-head",
        it.source + " \u2192 " + it.target + ": " + interactionHead(it)));
      if (it.sentence) item.appendChild(el("div", "tip-sentence", shorten(it.sentence, 220)));
      box.appendChild(item);
    });
    if (e.weight > shown.length) {
      box.appendChild(el("div", "tip-more", "\u2026 and " + (e.weight - shown.length) + " more; click the link for the list"));
    }
    return box;
  }

  /* ------------------------------------------------------------- side panel */

  function hint() {
    clear(panel);
    panel.appendChild(el("p", "hint", "Click an actor or a link to see its details."));
  }

  function row(dl, term, value) {
    if (value === undefined || value === null || value === "") return;
    dl.appendChild(el("dt", null, term));
    dl.appendChild(el("dd", null, value));
  }

  function showNode(n) {
    clear(panel);
    panel.appendChild(el("h2", null, n.label));
    var dl = el("dl", "facts");
    row(dl, "Type", n.type || "unknown");
    row(dl, "Country", n.country);
    row(dl, "Aliases", n.aliases.join("; "));
    row(dl, "Mentions", n.mentions ? String(n.mentions) : "");
    row(dl, "Interactions", String(n.interactions));
    row(dl, "Partners", String(n.degree));
    panel.appendChild(dl);
    if (n.partners.length) {
      panel.appendChild(el("h3", null, "Top partners"));
      var list = el("ol", "partners");
      n.partners.forEach(function (pc) {
        var li = el("li");
        li.appendChild(el("span", "partner-name", pc[0]));
        li.appendChild(el("span", "count", pc[1]));
        list.appendChild(li);
      });
      panel.appendChild(list);
      if (n.more_partners) panel.appendChild(el("p", "more", "\u2026 and " + plural(n.more_partners, "other partner")));
    }
  }

  function showEdge(e) {
    clear(panel);
    var a = nodeById[e.from], b = nodeById[e.to];
    panel.appendChild(el("h2", null, a.label + " \u2013 " + b.label));
    var quads = Object.keys(e.quads).map(function (q) { return q + " " + e.quads[q]; });
    panel.appendChild(el("p", "meta", plural(e.weight, "interaction") + " \u00b7 " + quads.join(", ")));
    var list = el("ol", "interactions");
    e.interactions.slice(0, PANEL_CAP).forEach(function (it) {
      var li = el("li", "interaction");
      var head = el("div", "head");
      var badge = el("span", "badge", it.type || "?");
      badge.style.background = data.quad_colors[it.quad] || data.quad_colors.neutral;
      head.appendChild(badge);
      head.appendChild(el("span", "who", " " + it.source + (it.directed ? " \u2192 " : " \u2013 ") + it.target));
      li.appendChild(head);
      var dl = el("dl", "facts");
      row(dl, "Date", it.date);
      row(dl, "Status", it.status);
      row(dl, "Mode", it.mode);
      row(dl, "Trigger", it.trigger);
      row(dl, "Document", it.doc_id);
      li.appendChild(dl);
      if (it.sentence) li.appendChild(sentenceNode(it.sentence, it.trigger, "sentence"));
      list.appendChild(li);
    });
    panel.appendChild(list);
    var shown = Math.min(e.interactions.length, PANEL_CAP);
    if (e.weight > shown) {
      panel.appendChild(el("p", "more", "Showing " + shown + " of " + e.weight + " interactions."));
    }
  }

  /* ------------------------------------------------------------- network */

  var nodes = new vis.DataSet(data.nodes.map(function (n) {
    return {
      id: n.id,
      label: n.label,
      x: n.x,
      y: n.y,
      size: n.size,
      color: { background: n.color, border: "#333333",
               highlight: { background: n.color, border: "#000000" },
               hover: { background: n.color, border: "#000000" } },
      title: nodeTooltip(n)
    };
  }));
  var edges = new vis.DataSet(data.edges.map(function (e) {
    return {
      id: e.id,
      from: e.from,
      to: e.to,
      width: e.width,
      color: { color: e.color, highlight: e.color, hover: e.color, opacity: 0.85 },
      arrows: e.arrows,
      title: edgeTooltip(e)
    };
  }));
  var options = {
    physics: { enabled: false },
    layout: { randomSeed: 1, improvedLayout: false },
    nodes: { shape: "dot", borderWidth: 1, font: { size: 14, face: "sans-serif", color: "#222222" } },
    edges: { smooth: false, selectionWidth: 2, hoverWidth: 1.5,
             arrows: { to: { scaleFactor: 0.6 }, from: { scaleFactor: 0.6 } } },
    interaction: { hover: true, tooltipDelay: 150, hideEdgesOnDrag: data.edges.length > 500,
                   navigationButtons: false, keyboard: false }
  };
  var network = new vis.Network(container, { nodes: nodes, edges: edges }, options);

  network.on("click", function (params) {
    if (params.nodes.length) showNode(nodeById[params.nodes[0]]);
    else if (params.edges.length) showEdge(edgeById[params.edges[0]]);
    else hint();
  });

  window.actorgraph = { network: network, nodes: nodes, edges: edges, data: data };
})();
