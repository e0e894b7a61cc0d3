// plan S1, S3.2, S5 (ADR 0098): the cockpit's charts on the home page, drawn from json_script
// (CSP forbids inline script). Every label comes translated from the server; a figure nobody
// knows (null) is drawn as a gap and read as "unknown"; a click on a bar opens the list behind it.
(function () {
  var source = document.getElementById("cockpit-data");
  if (!source || !window.echarts) { return; }
  var data = JSON.parse(source.textContent);
  var grouped = new Intl.NumberFormat("en-US", { maximumFractionDigits: 0 });
  var drawn = [];

  function show(value, format) {
    if (value === null || value === undefined || value === "-" || Number.isNaN(value)) {
      return data.unknown;
    }
    return (format || grouped).format(value);
  }

  // a figure in a tooltip with the chart's unit, as the server wrote it for the page's language
  // ("{n}人", "{n} people", "{n}%"); one nobody knows is "unknown", without a unit
  function withUnit(spec, value, format) {
    var text = show(value, format);
    if (text === data.unknown) return text;
    return (text === "1" ? spec.unit_one : spec.unit).replace("{n}", text);
  }

  var measure = document.createElement("canvas").getContext("2d");
  measure.font = "12px sans-serif"; // ECharts' default for names and labels

  function width(text) {
    return measure.measureText(text || "").width;
  }

  // the horizontal charts' left margin: enough for the axis's name where it is wider than the
  // column of labels it heads (an English name is), else 14 px
  function leftMargin(spec) {
    var labels = Math.min(110, Math.max.apply(null, [0].concat(spec.categories.map(width))));
    return Math.max(14, Math.ceil(width(spec.category_axis) - labels + 4));
  }

  function option(spec) {
    var several = spec.series.length > 1;
    // a chart of rates says how many decimals it has (a percentage with one: 4.6)
    var format = spec.decimals
      ? new Intl.NumberFormat("en-US", { maximumFractionDigits: spec.decimals })
      : grouped;
    var categories = {
      type: "category",
      data: spec.categories,
      name: spec.category_axis,
      axisTick: { alignWithLabel: true },
      axisLabel: spec.horizontal ? { interval: 0, width: 110, overflow: "break" } : { hideOverlap: true }
    };
    var values = {
      type: "value",
      name: spec.value_axis,
      minInterval: 1,
      axisLabel: { formatter: function (v) { return format.format(v); }, hideOverlap: true }
    };
    if (spec.horizontal) {
      categories.inverse = true; // the first (the worst) on top
      // the axis's name heads the column of labels, ending where the axis line begins (the grid
      // keeps room on the left for a name wider than its labels, leftMargin): centred on the line
      // (ECharts' default) it was drawn across the line and cut at the top
      categories.nameLocation = "start";
      categories.nameGap = 8;
      categories.nameTextStyle = { align: "right", verticalAlign: "bottom", padding: [0, 4, 0, 0] };
      values.nameLocation = "middle";
      values.nameGap = 24;
    } else {
      categories.nameLocation = "middle";
      categories.nameGap = 26;
      values.nameTextStyle = { align: "left" }; // from the axis rightwards: never cut at the edge
    }
    return {
      animation: false,
      aria: { enabled: true },
      tooltip: {
        trigger: "axis",
        axisPointer: { type: "shadow" },
        confine: true,
        valueFormatter: function (v) { return withUnit(spec, v, format); }
      },
      legend: several ? { top: 0, right: 0, itemWidth: 12, itemHeight: 10, textStyle: { fontSize: 11 } } : undefined,
      grid: { left: spec.horizontal ? leftMargin(spec) : 8, right: 20, top: several ? 40 : 26, bottom: spec.horizontal ? 26 : 28, containLabel: true },
      xAxis: spec.horizontal ? values : categories,
      yAxis: spec.horizontal ? categories : values,
      series: spec.series.map(function (s) {
        return {
          name: s.name,
          type: "bar",
          stack: spec.stack ? "total" : undefined,
          barMaxWidth: 28,
          itemStyle: { color: s.colour },
          emphasis: { focus: "series" },
          cursor: "pointer",
          data: s.data.map(function (d) {
            return { value: d.value === null ? "-" : d.value, url: d.url };
          })
        };
      })
    };
  }

  function lastLabelMargin(spec) {
    var last = spec.categories[spec.categories.length - 1];
    return Math.max(20, Math.ceil(width(last) / 2) + 6);
  }

  // a chart of lines over the months (ADR 0105): a "range" series is a band from each month's lo
  // to its hi (drawn as an invisible lo and the hi − lo stacked on it), read as "lo–hi"
  function lineOption(spec) {
    var format = spec.decimals
      ? new Intl.NumberFormat("en-US", { maximumFractionDigits: spec.decimals })
      : grouped;
    var roles = [];
    var series = [];
    spec.series.forEach(function (s) {
      if (s.type === "range") {
        var stack = "range-" + s.name;
        roles.push({ role: "base" });
        series.push({
          name: s.name, type: "line", stack: stack, symbol: "none", silent: true,
          lineStyle: { opacity: 0 }, itemStyle: { color: s.colour },
          data: s.data.map(function (d) { return d.lo === null ? "-" : d.lo; })
        });
        roles.push({ role: "band", spec: s });
        series.push({
          name: s.name, type: "line", stack: stack, symbol: "none", silent: true,
          lineStyle: { opacity: 0 }, itemStyle: { color: s.colour },
          areaStyle: { color: s.colour, opacity: 0.3 },
          data: s.data.map(function (d) { return d.lo === null ? "-" : d.hi - d.lo; })
        });
      } else {
        roles.push({ role: "line" });
        series.push({
          name: s.name, type: "line", symbolSize: 5, itemStyle: { color: s.colour },
          lineStyle: { color: s.colour, width: 2, type: s.dashed ? "dashed" : "solid" },
          // a month without a figure of this series (the past of a forecast): a gap
          data: s.data.map(function (d) { return typeof d.value === "number" ? d.value : "-"; })
        });
      }
    });
    return {
      animation: false,
      aria: { enabled: true },
      tooltip: {
        trigger: "axis",
        confine: true,
        formatter: function (params) {
          var lines = [params.length ? params[0].axisValueLabel : ""];
          params.forEach(function (p) {
            var r = roles[p.seriesIndex];
            if (r.role === "base") { return; }
            var shown;
            if (r.role === "band") {
              var d = r.spec.data[p.dataIndex];
              if (d.lo === null) { return; }
              shown = spec.unit.replace("{n}", show(d.lo, format) + "–" + show(d.hi, format));
            } else {
              if (p.value === "-") { return; }
              shown = withUnit(spec, p.value, format);
            }
            lines.push(p.marker + p.seriesName + ": " + shown);
          });
          return lines.join("<br>");
        }
      },
      legend: { top: 0, right: 0, itemWidth: 12, itemHeight: 10, textStyle: { fontSize: 11 } },
      // the months' labels stand centred on the ends of the axis (no boundary gap): the grid keeps
      // room on the right for half of the last one, which was cut at the chart's edge
      grid: { left: 8, right: lastLabelMargin(spec), top: 40, bottom: 28, containLabel: true },
      xAxis: {
        type: "category", data: spec.categories, name: spec.category_axis, boundaryGap: false,
        nameLocation: "middle", nameGap: 26, axisLabel: { hideOverlap: true }
      },
      yAxis: {
        type: "value", name: spec.value_axis, scale: true, nameTextStyle: { align: "left" },
        axisLabel: { formatter: function (v) { return format.format(v); }, hideOverlap: true }
      },
      series: series
    };
  }

  // where a component is drawn, in the chart's pixels
  function drawnBox(chart, model) {
    var group = chart.getViewOfComponentModel(model).group;
    var box = group.getBoundingRect().clone();
    box.applyTransform(group.getComputedTransform());
    return box;
  }

  // the legend on a band of its own above the y axis and its name: on a phone it spans the chart
  // (and wraps where its names are long) and was drawn over the name of the axis (人, people, %);
  // measured as drawn at the chart's width, again after each resize
  function clearOfLegend(chart, top) {
    var model = chart.getModel();
    var legend = model.getComponent("legend", 0);
    if (!legend) { return; }
    if (model.getComponent("grid", 0).get("top") !== top) { chart.setOption({ grid: { top: top } }); }
    var below = drawnBox(chart, legend);
    var axis = drawnBox(chart, model.getComponent("yAxis", 0));
    var overlap = Math.ceil(below.y + below.height + 4 - axis.y);
    if (overlap > 0) { chart.setOption({ grid: { top: top + overlap } }); }
  }

  document.querySelectorAll("[data-chart]").forEach(function (box) {
    var spec = data.charts[box.dataset.chart];
    if (!spec || !spec.categories.length) { return; }
    var chart = window.echarts.init(box, null, { renderer: "canvas" });
    var drawnOption = spec.line ? lineOption(spec) : option(spec);
    chart.setOption(drawnOption);
    clearOfLegend(chart, drawnOption.grid.top);
    chart.on("click", function (params) {
      if (params.data && params.data.url) { window.location.assign(params.data.url); }
    });
    drawn.push({ chart: chart, top: drawnOption.grid.top });
  });
  window.addEventListener("resize", function () {
    drawn.forEach(function (d) {
      d.chart.resize();
      clearOfLegend(d.chart, d.top);
    });
  });
})();
