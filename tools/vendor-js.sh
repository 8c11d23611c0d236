#!/usr/bin/env bash
# Fetch the workspace's JavaScript from the npm registry into crates/xxgk-web/static/vendor/:
# PDF.js (the source pane's PDF pages; with its CMaps, which Chinese PDFs need, and its
# standard fonts) and ECharts (the 统计 pages' charts; the common build: bar, line, pie, the
# toolbox that saves a chart as PNG or SVG). The files are committed and served from the binary: offices are often
# offline, and no page loads anything from elsewhere.
set -euo pipefail
cd "$(dirname "$0")/.."
PDFJS=6.5.438
ECHARTS=6.1.0
out=crates/xxgk-web/static/vendor
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack --silent "pdfjs-dist@$PDFJS" "echarts@$ECHARTS" >/dev/null \
  && tar xzf "pdfjs-dist-$PDFJS.tgz" && mkdir ec && tar xzf "echarts-$ECHARTS.tgz" -C ec)
rm -rf "$out/pdfjs"
mkdir -p "$out/pdfjs"
cp "$work/package/build/pdf.min.mjs" "$work/package/build/pdf.worker.min.mjs" "$work/package/LICENSE" "$out/pdfjs/"
cp -r "$work/package/cmaps" "$work/package/standard_fonts" "$out/pdfjs/"
echo "pdfjs-dist $PDFJS (npm registry)" > "$out/pdfjs/VERSION"
rm -rf "$out/echarts"
mkdir -p "$out/echarts"
cp "$work/ec/package/dist/echarts.common.min.js" "$work/ec/package/LICENSE" "$work/ec/package/NOTICE" "$out/echarts/"
echo "echarts $ECHARTS (npm registry)" > "$out/echarts/VERSION"
