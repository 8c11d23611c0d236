// The 统计 pages' charts (ECharts, served from this binary): each `.chart[data-chart]` is drawn
// from the page's #chart-data, the figures the server computed. Every chart says how many
// reports it is computed over, saves itself as PNG or SVG, and a region's bar goes down a level.
"use strict";

const palette = ["#8a1c1c", "#d9480f", "#f0a030", "#2e7d32", "#1f5fa8", "#7a4fa0", "#6b7785"];

function fill(template, values) {
  return template.replace(/\{(\w+)\}/g, (_, k) => (k in values ? values[k] : `{${k}}`));
}

function download(name, url) {
  const a = document.createElement("a");
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
}

// The toolbox: PNG by ECharts' own export; SVG by drawing the same option once more with the
// SVG renderer, off screen.
function toolbox(name, texts, el) {
  return {
    right: 8,
    feature: {
      saveAsImage: { name, title: texts.chart_png || "PNG", pixelRatio: 2 },
      mySvg: {
        show: true,
        title: texts.chart_svg || "SVG",
        icon: "path://M4,4 L28,4 L28,28 L4,28 Z M9,20 L14,12 L18,17 L21,14 L25,20 Z",
        onclick: () => {
          const box = document.createElement("div");
          box.style.position = "absolute";
          box.style.left = "-10000px";
          document.body.appendChild(box);
          const svg = echarts.init(box, null, { renderer: "svg", width: el.clientWidth, height: el.clientHeight });
          const option = echarts.getInstanceByDom(el).getOption();
          option.animation = false;
          svg.setOption(option);
          download(`${name}.svg`, svg.getDataURL({ type: "svg" }));
          svg.dispose();
          box.remove();
        },
      },
    },
  };
}

function base(title, subtitle, name, texts, el) {
  return {
    color: palette,
    animation: false,
    title: { text: title, subtext: subtitle, left: 8, textStyle: { fontSize: 15 } },
    tooltip: { trigger: "axis" },
    legend: { bottom: 0, type: "scroll" },
    grid: { left: 60, right: 24, top: 70, bottom: 48 },
    toolbox: toolbox(name, texts, el),
  };
}

const sum = (rows, key) => rows.reduce((n, r) => n + (r[key] || 0), 0);
const reports = (rows) => sum(rows, "reports");
const rateReports = (rows) => sum(rows, "rate_reports");

// The outcomes as shares of the （七）总计, over the reports that state them all (`rate_reports`).
function outcomeSeries(rows, t, stack) {
  const parts = [["full_grant_rate", "chart_granted"], ["partial_grant_rate", "chart_partial"], ["withheld_rate", "chart_withheld"],
    ["unable_rate", "chart_unable"], ["not_processed_rate", "chart_not_processed"], ["other_rate", "chart_other"]];
  return parts.map(([key, label]) => ({
    name: t[label],
    type: "bar",
    stack,
    data: rows.map((r) => (r[key] == null ? null : +(r[key] * 100).toFixed(1))),
  }));
}

function percentAxis() {
  return { type: "value", max: 100, axisLabel: { formatter: "{value}%" } };
}

function statsCharts(d) {
  const t = d.texts;
  const years = d.year.map((r) => r.group);
  const over = (rows) => fill(t.chart_over, { n: reports(rows) });
  const sep = document.documentElement.lang === "en" ? "; " : "；";
  const rated = (rows) => `${over(rows)}${sep}${fill(t.chart_rate_over, { n: rateReports(rows) })}`;
  const level = (g) => d.levels[g] || g || "—";
  return {
    applications: (el) => ({
      ...base(t.chart_applications, over(d.year), "applications", t, el),
      xAxis: { type: "category", data: years },
      yAxis: { type: "value" },
      series: [
        { name: t.chart_new, type: "bar", stack: "a", data: d.year.map((r) => r.applications) },
        { name: t.chart_carried, type: "bar", stack: "a", data: d.year.map((r) => r.carried_over) },
      ],
    }),
    outcomes: (el) => ({
      ...base(t.chart_outcomes, rated(d.year), "outcomes", t, el),
      xAxis: { type: "category", data: years },
      yAxis: percentAxis(),
      series: outcomeSeries(d.year, t, "o"),
    }),
    applicants: (el) => ({
      ...base(t.chart_applicants, over(d.year), "applicants", t, el),
      xAxis: { type: "category", data: years },
      yAxis: { type: "value" },
      series: [
        { name: t.chart_natural, type: "bar", stack: "p", data: d.year.map((r) => r.natural_persons) },
        { name: t.chart_legal, type: "bar", stack: "p", data: d.year.map((r) => r.legal_persons) },
      ],
    }),
    correction: (el) => ({
      ...base(t.chart_correction, over(d.year), "correction", t, el),
      xAxis: { type: "category", data: years },
      yAxis: percentAxis(),
      series: [
        { name: t.chart_review, type: "line", data: d.year.map((r) => (r.review_correction_rate == null ? null : +(r.review_correction_rate * 100).toFixed(1))) },
        { name: t.chart_lawsuit, type: "line", data: d.year.map((r) => (r.lawsuit_correction_rate == null ? null : +(r.lawsuit_correction_rate * 100).toFixed(1))) },
      ],
    }),
    proactive: (el) => ({
      ...base(t.chart_proactive, over(d.year), "proactive", t, el),
      xAxis: { type: "category", data: years },
      yAxis: { type: "value" },
      series: [{ name: t.chart_proactive, type: "bar", data: d.year.map((r) => r.proactive) }],
    }),
    levels: (el) => ({
      ...base(t.chart_levels, over(d.level), "levels", t, el),
      xAxis: { type: "category", data: d.level.map((r) => level(r.group)) },
      yAxis: { type: "value" },
      series: [
        { name: t.chart_new, type: "bar", stack: "a", data: d.level.map((r) => r.applications) },
        { name: t.chart_carried, type: "bar", stack: "a", data: d.level.map((r) => r.carried_over) },
      ],
    }),
    // Many places: the largest first, twenty at a time, with a slider for the rest.
    regions: (el) => {
      const rows = [...d.region].sort((a, b) => b.reports - a.reports);
      const many = rows.length > 20;
      return {
        ...base(t.chart_outcomes_region, rated(d.region), "regions", t, el),
        xAxis: { type: "category", data: rows.map((r) => r.group ?? d.unplaced), axisLabel: { interval: 0, rotate: rows.length > 8 ? 40 : 0 } },
        yAxis: percentAxis(),
        grid: { left: 60, right: 24, top: 70, bottom: many ? 130 : 100 },
        dataZoom: many ? [{ type: "slider", bottom: 30, startValue: 0, endValue: 19 }] : [],
        series: outcomeSeries(rows, t, "r"),
      };
    },
  };
}

function overviewCharts(d) {
  return {
    cards: (el) => ({
      ...base(d.title_cards, "", "overview", {}, el),
      tooltip: { trigger: "item" },
      xAxis: { type: "category", data: d.cards.map((c) => c[0]) },
      yAxis: { type: "value" },
      series: [{ type: "bar", data: d.cards.map((c) => c[1]), label: { show: true, position: "top" }, colorBy: "data" }],
    }),
    codes: (el) => ({
      ...base(d.title_codes, "", "codes", {}, el),
      tooltip: { trigger: "item" },
      grid: { left: 190, right: 40, top: 60, bottom: 24 },
      xAxis: { type: "value" },
      yAxis: { type: "category", inverse: true, data: d.codes.map((c) => c[0]) },
      series: [{ type: "bar", data: d.codes.map((c) => c[1]), label: { show: true, position: "right" } }],
    }),
  };
}

document.addEventListener("DOMContentLoaded", () => {
  const source = document.getElementById("chart-data");
  if (!source || typeof echarts === "undefined") return;
  const data = JSON.parse(source.textContent);
  const charts = data.kind === "stats" ? statsCharts(data) : overviewCharts(data);
  for (const el of document.querySelectorAll(".chart[data-chart]")) {
    const make = charts[el.dataset.chart];
    if (!make) continue;
    const chart = echarts.init(el);
    const option = make(el);
    // A chart with nothing to draw says so, rather than showing empty axes.
    const values = [].concat(option.series || []).flatMap((one) => one.data || []);
    if (!values.some((v) => v != null && (typeof v !== "object" || v.value != null))) {
      option.graphic = { type: "text", left: "center", top: "middle", style: { text: (data.texts || {}).chart_none || "", fontSize: 14, fill: "#6b7785" } };
    }
    chart.setOption(option);
    el.dataset.drawn = "1";
    window.addEventListener("resize", () => chart.resize());
    if (el.dataset.chart === "regions") {
      // Down a level: the region clicked becomes the page's region.
      chart.on("click", (p) => {
        const url = new URL(location.href);
        url.searchParams.set("region", p.name === data.unplaced ? "unplaced" : p.name);
        location.href = url.toString();
      });
    }
  }
  window.addEventListener("beforeprint", () => {
    for (const el of document.querySelectorAll(".chart[data-drawn]")) echarts.getInstanceByDom(el).resize();
  });
});
