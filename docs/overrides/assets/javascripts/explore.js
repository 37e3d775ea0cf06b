// The interactive figures: sliders over curves that the package computed at build time.
//
// A figure with interactive data holds a hidden <section class="lstm-explore"> (written by
// lstm_explainer.site.interactive): its sliders, labelled in the page's language, the address of
// its data (lstm_explainer.explore: log10 of every curve at every slider position) and its texts.
// This script only looks the chosen position's curves up in that data and draws them with uPlot;
// nothing is computed here. It then reveals the block and hides the static image; without
// JavaScript the static figure is all there is.
"use strict";

(() => {
  const SUPERSCRIPT = { "-": "⁻", 0: "⁰", 1: "¹", 2: "²", 3: "³", 4: "⁴", 5: "⁵", 6: "⁶", 7: "⁷", 8: "⁸", 9: "⁹" };
  const superscript = (n) => String(n).replace(/[-0-9]/g, (c) => SUPERSCRIPT[c]);

  // lstm_explainer.i18n.format_number(value, lang, "auto", 2): two significant digits, plain from
  // 0.01 to 10 000, else "2,6 × 10⁻⁷"; `decimal` is the page language's decimal mark; a negative
  // number takes the minus sign U+2212, unless it rounds to zero.
  function formatNumber(value, decimal) {
    const size = Math.abs(value);
    let written;
    if (size === 0 || (size >= 1e-2 && size < 1e4)) {
      const decimals = size === 0 ? 0 : Math.max(0, 1 - Math.floor(Math.log10(size)));
      written = size.toFixed(decimals).replace(".", decimal);
    } else {
      const [mantissa, exponent] = size.toExponential(1).split("e");
      written = `${mantissa.replace(".", decimal)} × 10${superscript(Number(exponent))}`;
    }
    return value < 0 && /[1-9]/.test(written) ? `\u2212${written}` : written;
  }

  const fill = (template, fields) => template.replace(/\{([\w-]+)\}/g, (all, key) => fields[key] ?? all);

  async function explore(root) {
    if (root.dataset.ready) return;
    root.dataset.ready = "true";
    const response = await fetch(root.dataset.src);
    if (!response.ok) throw new Error(`${root.dataset.src}: ${response.status}`);
    const data = await response.json();
    const text = JSON.parse(root.dataset.text);
    const series = JSON.parse(root.dataset.series);
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
      for (const s of series) fields[s.id] = formatNumber(10 ** curve(s.id, at).at(-1), text.decimal);
      return fill(text.status, fields);
    }

    if (typeof uPlot !== "function") throw new Error("uPlot did not load: the static figure stays");
    root.hidden = false; // reveal first: the chart takes the width the block gets
    root.closest("figure").querySelector("img").hidden = true;

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

  function start() {
    for (const root of document.querySelectorAll(".lstm-explore")) {
      explore(root).catch((err) => console.error("interactive figure:", err));
    }
  }
  // Material's document$ emits on every page load, also under instant navigation.
  if (window.document$) window.document$.subscribe(start);
  else start();
})();
