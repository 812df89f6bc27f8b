/* actorgraph page: actor names drawn at a fixed, legible size on screen.
   vis-network scales labels with the zoom, so at the zoom that shows a large graph
   whole they are specks, and zoomed in they pile up. Here names are placed in screen
   pixels, most connected actors first, each in the first free spot around its dot
   (below, above, right, left); a name that would overlap one already placed is left
   out until zooming in makes room. Text is drawn with fillText: never parsed. */
(function () {
  "use strict";

  var parts = window.actorgraphParts = window.actorgraphParts || {};

  // Font sizes in CSS px: the TOP most connected actors, then the others.
  var TOP = 20, TOP_SIZE = 14, SIZE = 12, PAD = 3, MAX_CHARS = 40;
  var FACE = "system-ui, -apple-system, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif";

  function shorten(text) {
    text = String(text || "");
    return text.length > MAX_CHARS ? text.slice(0, MAX_CHARS - 1) + "\u2026" : text;
  }

  function overlaps(a, list) {
    for (var i = 0; i < list.length; i++) {
      var b = list[i];
      if (a.x < b.x + b.w + PAD && b.x < a.x + a.w + PAD &&
          a.y < b.y + b.h + PAD && b.y < a.y + a.h + PAD) return true;
    }
    return false;
  }

  /* Place the labels of `items` ({id, text, x, y, r, colour}, in screen px, most
     important first) in a `width` x `height` view, measuring with `ctx`. Returns the
     placed labels: {id, text, x, y, w, h, size, colour} (x, y: top left). */
  parts.placeLabels = function (ctx, items, width, height) {
    var placed = [];
    ctx.save();
    items.forEach(function (it, rank) {
      if (it.x < -it.r || it.y < -it.r || it.x > width + it.r || it.y > height + it.r) return;
      var size = rank < TOP ? TOP_SIZE : SIZE;
      var weight = rank < TOP ? "600 " : "";
      ctx.font = weight + size + "px " + FACE;
      var text = shorten(it.text);
      var w = Math.ceil(ctx.measureText(text).width), h = Math.ceil(size * 1.2);
      var gap = it.r + 2;
      var spots = [
        { x: it.x - w / 2, y: it.y + gap },
        { x: it.x - w / 2, y: it.y - gap - h },
        { x: it.x + gap, y: it.y - h / 2 },
        { x: it.x - gap - w, y: it.y - h / 2 }
      ];
      for (var s = 0; s < spots.length; s++) {
        var b = { x: Math.round(spots[s].x), y: Math.round(spots[s].y), w: w, h: h };
        if (b.x < 0 || b.y < 0 || b.x + w > width || b.y + h > height) continue;
        if (overlaps(b, placed)) continue;
        b.id = it.id; b.text = text; b.size = size; b.weight = weight; b.colour = it.colour;
        placed.push(b);
        return;
      }
    });
    ctx.restore();
    return placed;
  };

  /* Draw placed labels on `ctx` (in screen px), with a white halo over the links. */
  parts.drawLabels = function (ctx, placed) {
    ctx.save();
    ctx.textBaseline = "top";
    ctx.lineJoin = "round";
    placed.forEach(function (b) {
      ctx.font = b.weight + b.size + "px " + FACE;
      ctx.lineWidth = 3;
      ctx.strokeStyle = "rgba(255, 255, 255, 0.9)";
      ctx.strokeText(b.text, b.x, b.y + b.size * 0.1);
      ctx.fillStyle = b.colour;
      ctx.fillText(b.text, b.x, b.y + b.size * 0.1);
    });
    ctx.restore();
  };

  parts.labelFace = FACE;
})();
