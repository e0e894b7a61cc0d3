-- Unemployment registrations surging in a town: this month against the mean of the months before
-- (at least $min_count and $ratio times the mean).
WITH regs AS (
    SELECT town_code, period FROM read_parquet($paths, union_by_name = true)
),
monthly AS (SELECT town_code, period, count(*) AS n FROM regs GROUP BY town_code, period),
now AS (SELECT town_code, n FROM monthly WHERE period = $period),
base AS (SELECT town_code, sum(n) / $base_months AS mean FROM monthly WHERE period < $period GROUP BY town_code)
SELECT now.town_code, now.n AS registrations, round(coalesce(base.mean, 0), 1) AS baseline
FROM now LEFT JOIN base USING (town_code)
WHERE now.n >= $min_count AND now.n >= $ratio * coalesce(base.mean, 0)
ORDER BY registrations DESC, town_code
