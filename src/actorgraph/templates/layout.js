/* actorgraph page: lays a filtered subgraph out again, in the browser.
   Python lays the whole graph out (ForceAtlas2); when filters leave a part of it, this
   file lays that part out again, starting from Python's positions, with a bounded
   number of steps, and packs it as Python does: the main component in the middle, the
   small ones in a block to its right. Pure functions of numbers: no text, no DOM. */
(function () {
  "use strict";

  var parts = window.actorgraphParts = window.actorgraphParts || {};

  // The same spacing as render.py: a component of n actors has a radius of
  // NODE_SPACING * sqrt(n) px, components keep COMPONENT_GAP px apart, a pair stands
  // upright PAIR_SPACING px tall; the main component has MAIN_AT_LEAST actors or more
  // and twice the next one's.
  var NODE_SPACING = 70, COMPONENT_GAP = 140, PAIR_SPACING = 100, MAIN_AT_LEAST = 10;
  // Steps of the force layout: about WORK pair interactions in all, within these bounds.
  var WORK = 4e6, MIN_STEPS = 20, MAX_STEPS = 200;

  /* Connected components of ids linked by [a, b, w] edges, largest first (ties: the
     smallest id first), each sorted by id. */
  function components(ids, links) {
    var parent = {};
    ids.forEach(function (id) { parent[id] = id; });
    function root(x) {
      while (parent[x] !== x) { parent[x] = parent[parent[x]]; x = parent[x]; }
      return x;
    }
    links.forEach(function (l) {
      if (!(l[0] in parent) || !(l[1] in parent)) return;
      var a = root(l[0]), b = root(l[1]);
      if (a !== b) parent[a < b ? b : a] = a < b ? a : b;
    });
    var groups = {};
    ids.forEach(function (id) { var r = root(id); (groups[r] = groups[r] || []).push(id); });
    return Object.keys(groups).map(function (r) {
      return groups[r].sort(function (a, b) { return a - b; });
    }).sort(function (a, b) { return b.length - a.length || a[0] - b[0]; });
  }

  function hasMain(comps) {
    if (!comps.length || comps[0].length < MAIN_AT_LEAST) return false;
    return comps.length === 1 || comps[0].length >= 2 * comps[1].length;
  }

  /* Fruchterman-Reingold in the unit square from the given start; as in ForceAtlas2,
     an actor's repulsion grows with its degree (here its square root), so that hubs
     and their partners move apart, and link weights are damped (a logarithm) so that a
     heavy pair does not collapse. Returns positions scaled to [-1, 1]. */
  function force(ids, links, start) {
    var n = ids.length, index = {}, x = new Float64Array(n), y = new Float64Array(n), i, j;
    ids.forEach(function (id, k) { index[id] = k; x[k] = start[id].x; y[k] = start[id].y; });
    normalise(x, y, 0.5);
    for (i = 0; i < n; i++) { x[i] += 0.5; y[i] += 0.5; }
    var src = [], dst = [], w = [], mass = new Float64Array(n).fill(1);
    links.forEach(function (l) {
      if (l[0] in index && l[1] in index && l[0] !== l[1]) {
        src.push(index[l[0]]); dst.push(index[l[1]]); w.push(1 + Math.log(l[2] || 1));
        mass[index[l[0]]] += 1; mass[index[l[1]]] += 1;
      }
    });
    for (i = 0; i < n; i++) mass[i] = Math.sqrt(mass[i]);
    var k = Math.sqrt(1 / n), k2 = k * k;
    var steps = Math.max(MIN_STEPS, Math.min(MAX_STEPS, Math.round(WORK / (n * n))));
    var t = 0.05, dt = t / (steps + 1);
    var dx = new Float64Array(n), dy = new Float64Array(n);
    for (var s = 0; s < steps; s++) {
      dx.fill(0); dy.fill(0);
      for (i = 0; i < n; i++) {
        var xi = x[i], yi = y[i], fx = 0, fy = 0, mi = mass[i];
        for (j = 0; j < n; j++) {
          if (j === i) continue;
          var ex = xi - x[j], ey = yi - y[j], d2 = ex * ex + ey * ey;
          if (d2 < 1e-8) { ex = (i - j) * 1e-4; ey = 1e-4; d2 = ex * ex + ey * ey; }
          var r = k2 * mi * mass[j] / d2;
          fx += ex * r; fy += ey * r;
        }
        dx[i] = fx; dy[i] = fy;
      }
      for (var e = 0; e < src.length; e++) {
        var a = src[e], b = dst[e], px = x[a] - x[b], py = y[a] - y[b];
        var pull = Math.sqrt(px * px + py * py) * w[e] / k;
        dx[a] -= px * pull; dy[a] -= py * pull;
        dx[b] += px * pull; dy[b] += py * pull;
      }
      for (i = 0; i < n; i++) {
        var len = Math.max(Math.sqrt(dx[i] * dx[i] + dy[i] * dy[i]), 0.01);
        x[i] += dx[i] * t / len; y[i] += dy[i] * t / len;
      }
      t -= dt;
    }
    normalise(x, y, 1);
    var out = {};
    ids.forEach(function (id, k3) { out[id] = { x: x[k3], y: y[k3] }; });
    return out;
  }

  /* Centre the points on 0 and scale the farthest coordinate to `half`. */
  function normalise(x, y, half) {
    var n = x.length, minX = Infinity, maxX = -Infinity, minY = Infinity, maxY = -Infinity, i;
    for (i = 0; i < n; i++) {
      minX = Math.min(minX, x[i]); maxX = Math.max(maxX, x[i]);
      minY = Math.min(minY, y[i]); maxY = Math.max(maxY, y[i]);
    }
    var cx = (minX + maxX) / 2, cy = (minY + maxY) / 2;
    var extent = Math.max(maxX - cx, maxY - cy) || 1;
    for (i = 0; i < n; i++) { x[i] = (x[i] - cx) / extent * half; y[i] = (y[i] - cy) / extent * half; }
  }

  /* How much to stretch a layout so that the median actor is `gap` px from its nearest
     neighbour (at most `most` times), as render.py's _spread. */
  function spread(pos, ids, half, gap, most) {
    var sample = ids.slice(0, 600), nearest = [];
    sample.forEach(function (a) {
      var best = Infinity;
      sample.forEach(function (b) {
        if (a === b) return;
        var ex = (pos[a].x - pos[b].x) * half, ey = (pos[a].y - pos[b].y) * half;
        best = Math.min(best, Math.sqrt(ex * ex + ey * ey));
      });
      nearest.push(best);
    });
    nearest.sort(function (a, b) { return a - b; });
    var median = nearest[Math.floor(nearest.length / 2)];
    if (!(median > 0)) return most;
    return Math.min(most, Math.max(1, gap / median));
  }

  function componentLayout(ids, links, start) {
    var n = ids.length, out = {};
    if (n === 1) { out[ids[0]] = { x: 0, y: 0 }; return out; }
    if (n === 2) {
      out[ids[0]] = { x: 0, y: -PAIR_SPACING / 2 };
      out[ids[1]] = { x: 0, y: PAIR_SPACING / 2 };
      return out;
    }
    var unit = force(ids, links, start);
    var radius = NODE_SPACING * Math.sqrt(n);
    if (n > 10) radius *= spread(unit, ids, radius, 80, 3);
    ids.forEach(function (id) { out[id] = { x: unit[id].x * radius, y: unit[id].y * radius }; });
    return out;
  }

  function box(pos) {
    var b = { left: Infinity, top: Infinity, right: -Infinity, bottom: -Infinity };
    Object.keys(pos).forEach(function (id) {
      var p = pos[id];
      b.left = Math.min(b.left, p.x); b.right = Math.max(b.right, p.x);
      b.top = Math.min(b.top, p.y); b.bottom = Math.max(b.bottom, p.y);
    });
    return b;
  }

  /* Shelf-pack laid-out components in rows, tallest first: about `height` tall when
     given, else with the width / height ratio nearest `aspect` (of the view). */
  function pack(placed, height, aspect) {
    if (height || placed.length < 2) return packRows(placed, height);
    var best = null, bestMiss = Infinity;
    for (var f = 0.5; f <= 4; f *= 1.15) {
      var pos = packRows(placed, null, f), b = box(pos);
      var miss = Math.abs(Math.log(((b.right - b.left) || 1) / ((b.bottom - b.top) || 1) / (aspect || 1.3)));
      if (miss < bestMiss) { best = pos; bestMiss = miss; }
    }
    return best;
  }

  /* Rows `height` tall, or `factor` * sqrt(area) wide. Positions, top left at (0, 0). */
  function packRows(placed, height, factor) {
    var boxes = placed.map(function (pos, i) {
      var b = box(pos);
      return { i: i, b: b, w: b.right - b.left + COMPONENT_GAP, h: b.bottom - b.top + COMPONENT_GAP };
    });
    var area = boxes.reduce(function (s, b) { return s + b.w * b.h; }, 0);
    var widest = boxes.reduce(function (s, b) { return Math.max(s, b.w); }, 0);
    var width = Math.max(widest, height ? 1.15 * area / height : (factor || 1.3) * Math.sqrt(area));
    boxes.sort(function (a, b) { return b.h - a.h || a.i - b.i; });
    var out = {}, x = 0, y = 0, rowHeight = 0;
    boxes.forEach(function (bx) {
      if (x > 0 && x + bx.w > width) { x = 0; y += rowHeight; rowHeight = 0; }
      var pos = placed[bx.i];
      Object.keys(pos).forEach(function (id) {
        out[id] = { x: pos[id].x - bx.b.left + x, y: pos[id].y - bx.b.top + y };
      });
      x += bx.w;
      rowHeight = Math.max(rowHeight, bx.h);
    });
    return out;
  }

  function centre(pos) {
    var b = box(pos), cx = (b.left + b.right) / 2, cy = (b.top + b.bottom) / 2, out = {};
    Object.keys(pos).forEach(function (id) {
      out[id] = { x: Math.round((pos[id].x - cx) * 10) / 10, y: Math.round((pos[id].y - cy) * 10) / 10 };
    });
    return out;
  }

  /* Lay out the actors `ids` linked by `links` ([a, b, weight]), starting from `start`
     ({id: {x, y}}). Returns {positions: {id: {x, y}}, main: {id: true} (the main
     component's actors, empty when none dominates), components: the id lists};
     `aspect` is the view's width / height, which a set of small components fills. */
  parts.relayout = function (ids, links, start, aspect) {
    var comps = components(ids, links);
    var placed = comps.map(function (c) { return componentLayout(c, links, start); });
    var main = {}, positions;
    if (!placed.length) return { positions: {}, main: main, components: comps };
    if (hasMain(comps)) {
      comps[0].forEach(function (id) { main[id] = true; });
      if (placed.length === 1) {
        positions = placed[0];
      } else {
        // The small ones in a block to the right, at least as tall as the main one:
        // taller when that brings the whole nearer the view's shape.
        var mb = box(placed[0]), mainHeight = Math.max(mb.bottom - mb.top, 1), bestMiss = Infinity;
        for (var f = 1; f <= 8; f *= 1.15) {
          var rest = pack(placed.slice(1), mainHeight * f);
          var rb = box(rest), dx = mb.right + COMPONENT_GAP - rb.left;
          var dy = (mb.top + mb.bottom) / 2 - (rb.top + rb.bottom) / 2;
          var whole = { x: rb.right + dx - mb.left,
                        y: Math.max(mb.bottom, rb.bottom + dy) - Math.min(mb.top, rb.top + dy) };
          var miss = Math.abs(Math.log(whole.x / Math.max(whole.y, 1) / (aspect || 1.3)));
          if (miss >= bestMiss) continue;
          bestMiss = miss;
          positions = {};
          Object.keys(placed[0]).forEach(function (id) { positions[id] = placed[0][id]; });
          Object.keys(rest).forEach(function (id) {
            positions[id] = { x: rest[id].x + dx, y: rest[id].y + dy };
          });
        }
      }
    } else {
      positions = pack(placed, null, aspect);
    }
    return { positions: centre(positions), main: main, components: comps };
  };
  parts.components = components;
  parts.hasMain = hasMain;
})();
