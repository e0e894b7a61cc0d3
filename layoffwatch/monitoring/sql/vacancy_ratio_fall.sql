-- The vacancy-to-seeker ratio (求人倍率) of a town (or the district, town blank) falling by
-- $fall_share or more against last month; industries added up.
WITH m AS (
    SELECT period, town_code, sum(vacancies) AS vacancies, sum(job_seekers) AS seekers
    FROM read_parquet($paths, union_by_name = true)
    GROUP BY period, town_code
),
now AS (SELECT * FROM m WHERE period = $period),
last AS (SELECT * FROM m WHERE period = $prev_period)
SELECT now.town_code, round(last.vacancies / last.seekers, 3) AS ratio_last_month,
    round(now.vacancies / now.seekers, 3) AS ratio, now.vacancies, now.seekers
FROM now JOIN last ON last.town_code IS NOT DISTINCT FROM now.town_code
WHERE now.seekers > 0 AND last.seekers > 0 AND last.vacancies > 0
  AND now.vacancies / now.seekers <= (last.vacancies / last.seekers) * (1 - $fall_share)
ORDER BY town_code NULLS FIRST
