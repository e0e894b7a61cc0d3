-- plan S3.1.3: a town whose surveyed unemployment rate rises suddenly, month on month or against
-- its own trailing baseline (the mean of the $baseline_months months before).
WITH rates AS (
    SELECT town_code, period, rate FROM read_parquet($paths, union_by_name = true)
),
now AS (SELECT town_code, rate FROM rates WHERE period = $period),
last AS (SELECT town_code, rate FROM rates WHERE period = $prev_period),
base AS (
    SELECT town_code, avg(rate) AS baseline, count(*) AS months
    FROM rates WHERE period < $period GROUP BY town_code
)
SELECT now.town_code, now.rate, last.rate AS rate_last_month, round(base.baseline, 2) AS baseline,
    base.months AS baseline_months,
    round(now.rate - last.rate, 2) AS jump_month, round(now.rate - base.baseline, 2) AS jump_baseline
FROM now
LEFT JOIN last USING (town_code)
LEFT JOIN base USING (town_code)
WHERE now.rate - last.rate >= $jump_points OR now.rate - base.baseline >= $baseline_points
ORDER BY greatest(coalesce(jump_month, 0), coalesce(jump_baseline, 0)) DESC, town_code
