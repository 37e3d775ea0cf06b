// The interactive figures: sliders over curves that the package computed at build time.
//
// A figure with interactive data holds a hidden <section class="lstm-explore"> (written by
// lstm_explainer.site.interactive): its sliders, labelled in the page's language, the address of
// its data (lstm_explainer.explore) and its texts. This script only looks the chosen position up in
// that data and draws it with uPlot; nothing is computed here. It then reveals the block and hides
// the static image; without JavaScript the static figure is all there is. Two kinds:
// - sliders over a grid (explore.EXPLORERS): each position has its own curves (log10 of each);
// - a stepping figure (explore.STEPPED, data-kind="stepper"): one slider, the step t, moves a
//   cursor over the curves of a sequence traced at build time, drawn whole, a panel per gate.
"use strict";

(() => {
  const SUPERSCRIPT = { "-": "⁻", 0: "⁰", 1: "¹", 2: "²", 3: "³", 4: "⁴", 5: "⁵", 6: "⁶", 7: "⁷", 8: "⁸", 9: "⁹" };
  const superscript = (n) => String(n).replace(/[-0-9]/g, (c) => SUPERSCRIPT[c]);

  // lstm_explainer.i18n.format_number(value, lang, style, digits), for the styles used here:
  // "auto": `digits` significant digits, plain from 0.01 to 10 000, else "2,6 × 10⁻⁷"; "fixed":
  // `digits` decimals; "int": grouped by thousands. `marks` are the page language's decimal mark
  // and thousands separator; a negative number takes the minus sign U+2212, unless it rounds to zero.
  function formatNumber(value, marks, style = "auto", digits = 2) {
    const size = Math.abs(value);
    let written;
    if (style === "int") {
      written = String(Math.round(size)).replace(/\B(?=(\d{3})+(?!\d))/g, marks.thousands);
    } else if (style === "fixed") {
      written = size.toFixed(digits).replace(".", marks.decimal);
    } else if (size === 0 || (size >= 1e-2 && size < 1e4)) {
      const decimals = size === 0 ? 0 : Math.max(0, digits - 1 - Math.floor(Math.log10(size)));
      written = size.toFixed(decimals).replace(".", marks.decimal);
    } else {
      const [mantissa, exponent] = size.toExponential(digits - 1).split("e");
      written = `${mantissa.replace(".", marks.decimal)} × 10${superscript(Number(exponent))}`;
    }
    return value < 0 && /[1-9]/.test(written) ? `\u2212${written}` : written;
  }

  const fill = (template, fields) => template.replace(/\{([\w-]+)\}/g, (all, key) => fields[key] ?? all);

  // Fetch a block's data, then reveal it in place of the static image.
  async function load(root) {
    const response = await fetch(root.dataset.src);
    if (!response.ok) throw new Error(`${root.dataset.src}: ${response.status}`);
    const data = await response.json();
    if (typeof uPlot !== "function") throw new Error("uPlot did not load: the static figure stays");
    root.hidden = false; // reveal first: the charts take the width the block gets
    root.closest("figure").querySelector("img").hidden = true;
    return data;
  }

  // ---- sliders over a grid ------------------------------------------------------------------------

  function sliders(root, data, text, series) {
    const inputs = [...root.querySelectorAll("input[type=range]")];
    const box = root.querySelector(".lstm-explore-chart");
    const status = root.querySelector(".lstm-explore-status");
    const byId = Object.fromEntries(data.series.map((s) => [s.id, s]));

    const position = () => Object.fromEntries(inputs.map((input) => [input.name, Number(input.value)]));
    // The stored curve of series `id` at the sliders' position: log10 values, one per distance.
    function curve(id, at) {
      let values = byId[id].log10;
      for (const slider of byId[id].by) values = values[at[slider]];
      return values;
    }
    const frame = (at) => [data.x[at.steps], ...series.map((s) => curve(s.id, at))];

    function describe(at) {
      const fields = {};
      for (const input of inputs) fields[input.name] = JSON.parse(input.dataset.texts)[at[input.name]];
      for (const s of series) fields[s.id] = formatNumber(10 ** curve(s.id, at).at(-1), text);
      return fill(text.status, fields);
    }

    // The y axis is log10 of the norm, labelled in powers of ten, as the static figure's log axis.
    const steps = data.sliders.steps;
    const width = box.clientWidth;
    const options = {
      width,
      height: Math.round(Math.min(380, Math.max(300, width * 0.5))),
      legend: { show: false }, // the legend is the block's own list, in the page's language
      cursor: { show: false },
      scales: {
        x: { time: false, range: () => [0, steps[position().steps]] },
        y: { range: () => data.ylim },
      },
      axes: [
        { label: text.x },
        {
          label: text.y,
          size: 56,
          incrs: [1, 2, 5, 10, 20, 50],
          values: (u, ticks) => ticks.map((t) => `10${superscript(t)}`),
        },
      ],
      series: [{}, ...series.map((s) => ({ stroke: s.stroke, width: s.width, dash: s.dash, points: { show: false } }))],
    };
    const chart = new uPlot(options, frame(position()), box);
    chart.ctx.canvas.setAttribute("role", "img");
    chart.ctx.canvas.setAttribute("aria-label", text.chart);

    function update() {
      const at = position();
      for (const input of inputs) {
        const label = JSON.parse(input.dataset.texts)[at[input.name]];
        input.setAttribute("aria-valuetext", label);
        root.querySelector(`output[for="${input.id}"]`).value = label;
      }
      chart.setData(frame(at));
      status.textContent = describe(at);
    }
    for (const input of inputs) input.addEventListener("input", update);
    update();
    new ResizeObserver(() => chart.setSize({ width: box.clientWidth, height: chart.height })).observe(box);
  }

  // ---- a stepping figure --------------------------------------------------------------------------

  function stepper(root, data, text, style) {
    const input = root.querySelector("input[type=range]");
    const output = root.querySelector(`output[for="${input.id}"]`);
    const status = root.querySelector(".lstm-explore-status");
    const texts = JSON.parse(input.dataset.texts);
    const T = data.steps;
    const steps = Array.from({ length: T }, (_, i) => i + 1); // step t is at index t − 1
    const marked = steps.filter((t) => data.marked[t - 1]);
    const at = () => Number(input.value); // the chosen step's index
    const write = (value, quantity) => formatNumber(value, text, ...text.formats[quantity]);
    // An axis tick as the page's language writes it, no longer than it needs: 0,25, −0,5, 100.
    const tick = (t) => String(Number(t.toFixed(10))).replace("-", "\u2212").replace(".", text.decimal);

    // What a panel draws: the input, or one row (gate or cell state) of one side's cells.
    function lines(row, side) {
      if (row === "x") return [{ values: data.value, ...style.value }];
      return data.cells
        .map((cell, j) => ({ values: cell[row], model: cell.model, ...style.cells[j] }))
        .filter((line) => line.model === side);
    }

    // Behind the curves, the marked steps shaded (as the static figure); in front, the chosen
    // step's vertical line with a dot on each curve (and the marked values on the input).
    function shade(u) {
      const { ctx, bbox } = u;
      ctx.save();
      ctx.fillStyle = style.mark;
      ctx.globalAlpha = 0.35;
      for (const t of marked) {
        const left = u.valToPos(t - 0.5, "x", true);
        ctx.fillRect(left, bbox.top, u.valToPos(t + 0.5, "x", true) - left, bbox.height);
      }
      ctx.restore();
    }
    function dot(u, t, value, color, radius) {
      const [x, y] = [u.valToPos(t, "x", true), u.valToPos(value, "y", true)];
      u.ctx.fillStyle = color;
      u.ctx.beginPath();
      u.ctx.arc(x, y, radius * uPlot.pxRatio, 0, 2 * Math.PI);
      u.ctx.fill();
    }
    function cursor(u, drawn, row) {
      const { ctx, bbox } = u;
      const t = at() + 1;
      const x = u.valToPos(t, "x", true);
      ctx.save();
      if (row === "x") for (const m of marked) dot(u, m, data.value[m - 1], "#000", 3); // black, as the static figure's
      ctx.strokeStyle = style.cursor;
      ctx.lineWidth = 2 * uPlot.pxRatio;
      ctx.beginPath();
      ctx.moveTo(x, bbox.top);
      ctx.lineTo(x, bbox.top + bbox.height);
      ctx.stroke();
      for (const line of drawn) dot(u, t, line.values[t - 1], line.stroke, 3.5);
      ctx.restore();
    }

    // The cell state's scale, each side's own (as in the static figure): its values and a margin.
    function span(drawn) {
      const values = drawn.flatMap((line) => line.values);
      const [low, high] = [Math.min(...values), Math.max(...values)];
      const margin = 0.08 * (high - low || 1);
      return [low - margin, high + margin];
    }

    const font = "11px system-ui, sans-serif";
    const charts = [...root.querySelectorAll(".lstm-trace-panel")].map((panel) => {
      const { row, side } = panel.dataset;
      const drawn = lines(row, side);
      const xAxis = { font, size: 26, values: (u, ticks) => ticks.map(tick) };
      if (row === "C") Object.assign(xAxis, { label: text.x, labelFont: font, labelSize: 16 });
      const options = {
        width: panel.clientWidth,
        height: row === "C" ? 144 : 124,
        legend: { show: false }, // the legend is the block's own list, in the page's language
        cursor: { show: false },
        scales: {
          x: { time: false, range: [0.5, T + 0.5] },
          y: { range: data.ylim[row] ?? span(drawn) },
        },
        axes: [xAxis, { font, size: 50, values: (u, ticks) => ticks.map(tick) }], // titled by the panel
        series: [{}, ...drawn.map(({ stroke, width, dash }) => ({ stroke, width, dash, points: { show: false } }))],
        hooks: { drawClear: [shade], draw: [(u) => cursor(u, drawn, row)] },
      };
      const chart = new uPlot(options, [steps, ...drawn.map((l) => l.values)], panel);
      // A click on a panel picks the step under the pointer (a mouse may drag along the steps).
      const pick = (event) => {
        const index = Math.min(T, Math.max(1, Math.round(chart.posToVal(event.offsetX, "x")))) - 1;
        if (index === at()) return;
        input.value = String(index);
        input.dispatchEvent(new Event("input"));
      };
      chart.over.addEventListener("click", pick);
      chart.over.addEventListener("pointermove", (e) => e.pointerType === "mouse" && e.buttons === 1 && pick(e));
      return chart;
    });

    function describe(i) {
      const cells = data.cells.map((cell, j) =>
        fill(text[cell.model], {
          k: style.cells[j].k,
          ...Object.fromEntries(["i", "f", "o", "C"].map((g) => [g, write(cell[g][i], g)])),
        }),
      );
      const said = fill(text.status, {
        step: formatNumber(i + 1, text, "int"),
        steps: text.steps,
        marked: data.marked[i] ? text.marked : "",
        value: write(data.value[i], "value"),
        cells: cells.join(text.separator),
      });
      if (i < T - 1) return said;
      const answer = { hand: data.out.hand[i], trained: data.out.trained[i], target: data.target }; // the last step
      return said + fill(text.answer, Object.fromEntries(Object.entries(answer).map(([k, v]) => [k, write(v, "out")])));
    }

    function update() {
      const i = at();
      input.setAttribute("aria-valuetext", texts[i]);
      output.value = texts[i];
      for (const chart of charts) chart.redraw(false);
      status.textContent = describe(i);
    }
    input.addEventListener("input", update);
    update();
    // Redrawn at each panel's width (a panel left out of a one-column layout keeps its last one).
    const panels = root.querySelectorAll(".lstm-trace-panel");
    function resize() {
      charts.forEach((chart, j) => {
        if (panels[j].clientWidth) chart.setSize({ width: panels[j].clientWidth, height: chart.height });
      });
    }
    new ResizeObserver(resize).observe(root.querySelector(".lstm-trace"));
  }

  async function explore(root) {
    if (root.dataset.ready) return;
    root.dataset.ready = "true";
    const data = await load(root);
    const draw = root.dataset.kind === "stepper" ? stepper : sliders;
    draw(root, data, JSON.parse(root.dataset.text), JSON.parse(root.dataset.series));
  }

  function start() {
    for (const root of document.querySelectorAll(".lstm-explore")) {
      explore(root).catch((err) => console.error("interactive figure:", err));
    }
  }
  // Material's document$ emits on every page load, also under instant navigation.
  if (window.document$) window.document$.subscribe(start);
  else start();
})();
