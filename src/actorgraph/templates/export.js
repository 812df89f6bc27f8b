/* actorgraph page: the current view as a picture, PNG (the canvas as drawn, on white)
   or SVG (vector: links, dots and the names on screen, for papers). The SVG is built
   with DOM methods and serialised by XMLSerializer, so names are escaped. */
(function () {
  "use strict";

  var parts = window.actorgraphParts = window.actorgraphParts || {};
  var SVG = "http://www.w3.org/2000/svg";

  /* The canvas as a PNG data URL, on a white background. */
  parts.canvasPNG = function (canvas) {
    var out = document.createElement("canvas");
    out.width = canvas.width;
    out.height = canvas.height;
    var ctx = out.getContext("2d");
    ctx.fillStyle = "#ffffff";
    ctx.fillRect(0, 0, out.width, out.height);
    ctx.drawImage(canvas, 0, 0);
    return out.toDataURL("image/png");
  };

  function make(tag, attrs) {
    var node = document.createElementNS(SVG, tag);
    Object.keys(attrs).forEach(function (k) { node.setAttribute(k, String(attrs[k])); });
    return node;
  }

  function r2(x) { return Math.round(x * 100) / 100; }

  /* An SVG document of a view: {width, height, title, edges: [{x1, y1, x2, y2, colour,
     width, opacity}], nodes: [{x, y, r, fill, stroke, strokeWidth}], labels: [{text, x,
     y, size, weight, colour}]}, all in screen px. */
  parts.viewSVG = function (view) {
    var svg = make("svg", { xmlns: SVG, width: view.width, height: view.height,
                            viewBox: "0 0 " + view.width + " " + view.height });
    if (view.title) {
      var title = make("title", {});
      title.textContent = view.title;
      svg.appendChild(title);
    }
    svg.appendChild(make("rect", { width: "100%", height: "100%", fill: "#ffffff" }));
    var links = make("g", { "stroke-linecap": "round" });
    view.edges.forEach(function (e) {
      links.appendChild(make("line", { x1: r2(e.x1), y1: r2(e.y1), x2: r2(e.x2), y2: r2(e.y2),
        stroke: e.colour, "stroke-width": r2(e.width), "stroke-opacity": e.opacity }));
    });
    svg.appendChild(links);
    var dots = make("g", {});
    view.nodes.forEach(function (n) {
      dots.appendChild(make("circle", { cx: r2(n.x), cy: r2(n.y), r: r2(n.r), fill: n.fill,
        stroke: n.stroke, "stroke-width": r2(n.strokeWidth) }));
    });
    svg.appendChild(dots);
    var names = make("g", { "font-family": parts.labelFace || "sans-serif",
                            "dominant-baseline": "text-before-edge" });
    view.labels.forEach(function (l) {
      var t = make("text", { x: l.x, y: r2(l.y + l.size * 0.1), "font-size": l.size,
        fill: l.colour, stroke: "#ffffff", "stroke-width": 3, "stroke-opacity": 0.9,
        "paint-order": "stroke" });
      if (l.weight) t.setAttribute("font-weight", "600");
      t.textContent = l.text;
      names.appendChild(t);
    });
    svg.appendChild(names);
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + new XMLSerializer().serializeToString(svg);
  };

  /* Offer `url` as a download called `name`. */
  parts.download = function (url, name) {
    var a = document.createElement("a");
    a.href = url;
    a.download = name;
    a.rel = "noopener";
    document.body.appendChild(a);
    a.click();
    document.body.removeChild(a);
  };
})();
