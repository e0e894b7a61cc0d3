#!/usr/bin/env bash
# Copy the front-end packages installed from the npm registry into static/vendor (served by us, no CDN).
set -euo pipefail
cd "$(dirname "$0")/.."
[ -d node_modules/bootstrap ] || npm ci --no-audit --no-fund
out=layoffwatch/static/vendor
mkdir -p "$out/bootstrap" "$out/htmx" "$out/echarts"
cp node_modules/bootstrap/dist/css/bootstrap.min.css "$out/bootstrap/"
cp node_modules/bootstrap/dist/js/bootstrap.bundle.min.js "$out/bootstrap/"
cp node_modules/htmx.org/dist/htmx.min.js "$out/htmx/"
cp node_modules/echarts/dist/echarts.min.js "$out/echarts/"
