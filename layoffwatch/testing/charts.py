"""What a browser test reads of a chart as `dashboard/cockpit.js` draws it (ADR 0098, 0105): the
charts are drawn on a canvas, so the texts are found among what ECharts drew (its display list,
where a label hidden for want of room is not), each with its box in the chart's pixels; the tooltip
is the page's own text (a div in the chart's box)."""

# the texts drawn of a chart: its months' labels (the category axis), the y axis's name and the
# legend's names, each box as {left, right, top, bottom} in the chart's pixels; the chart's size
DRAWN = """(key) => {
    const box = document.getElementById('chart-' + key);
    const chart = echarts.getInstanceByDom(box);
    const option = chart.getOption();
    const list = chart.getZr().storage.getDisplayList();
    const boxes = text => list.filter(el => el.style && el.style.text === text).map(el => {
        const r = el.getBoundingRect().clone();
        r.applyTransform(el.getComputedTransform());
        return {left: r.x, right: r.x + r.width, top: r.y, bottom: r.y + r.height};
    });
    const category = option.xAxis[0].type === 'category' ? option.xAxis[0] : option.yAxis[0];
    const names = [...new Set(option.series.map(s => s.name))];
    return {
        width: box.clientWidth, height: box.clientHeight,
        labels: category.data.map(text => ({text, boxes: boxes(text)})),
        axisName: {text: option.yAxis[0].name, boxes: boxes(option.yAxis[0].name)},
        legend: names.map(text => ({text, boxes: boxes(text)})),
    };
}"""

# where a series' point is on the page (the chart scrolled to the middle of the screen at once)
POINT = """([key, series, index]) => {
    document.documentElement.style.scrollBehavior = 'auto';
    const box = document.getElementById('chart-' + key);
    box.scrollIntoView({block: 'center'});
    const chart = echarts.getInstanceByDom(box);
    const value = chart.getOption().series[series].data[index];
    const [x, y] = chart.convertToPixel({seriesIndex: series}, [index, value]);
    const r = box.getBoundingClientRect();
    return {x: r.left + x, y: r.top + y};
}"""


def drawn(page, key: str) -> dict:
    return page.evaluate(DRAWN, key)


def overlap(a: dict, b: dict) -> bool:
    return (
        a["left"] < b["right"]
        and b["left"] < a["right"]
        and a["top"] < b["bottom"]
        and (b["top"] < a["bottom"])
    )


def hover(page, key: str, *, series: int, index: int) -> str:
    """The tooltip's text once the mouse rests on a series' point, as a person reads it."""
    point = page.evaluate(POINT, [key, series, index])
    page.mouse.move(point["x"] - 20, point["y"])
    page.mouse.move(point["x"], point["y"], steps=4)
    box = f"#chart-{key}"
    page.wait_for_function("(box) => document.querySelector(box).innerText.trim() !== ''", arg=box)
    return page.inner_text(box)
