#!/usr/bin/env bash
# Copy the front-end packages installed from the npm registry into static/vendor (served by us, no CDN).
set -euo pipefail
cd "$(dirname "$0")/.."
# why --ignore-scripts: none of these packages needs an install script (swagger-ui-dist pulls in
# @scarf/scarf, whose postinstall would report the install to a third party).
[ -d node_modules/swagger-ui-dist ] || npm ci --no-audit --no-fund --ignore-scripts
out=layoffwatch/static/vendor
mkdir -p "$out/bootstrap" "$out/htmx" "$out/echarts" "$out/swagger-ui"
cp node_modules/bootstrap/dist/css/bootstrap.min.css "$out/bootstrap/"
cp node_modules/bootstrap/dist/js/bootstrap.bundle.min.js "$out/bootstrap/"
cp node_modules/htmx.org/dist/htmx.min.js "$out/htmx/"
cp node_modules/echarts/dist/echarts.min.js "$out/echarts/"
# the API docs page (/api/v1/docs): our template and init script, these two files (ADR 0085)
cp node_modules/swagger-ui-dist/swagger-ui.css node_modules/swagger-ui-dist/swagger-ui-bundle.js "$out/swagger-ui/"
