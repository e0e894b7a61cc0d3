-- Capacity utilisation (percent) of a labour-intensive industry falling by $fall_points points or
-- more against last month; its enterprises go on the watch list (plan S3.1.3, S2.3).
-- _industries(code, labour_intensive).
SELECT c.industry_code, p.value AS utilisation_last_month, c.value AS utilisation,
    round(p.value - c.value, 2) AS fall_points
FROM read_parquet($cur_path) AS c
JOIN read_parquet($prev_path) AS p ON p.industry_code = c.industry_code AND p.indicator = c.indicator
JOIN _industries AS i ON i.code = c.industry_code AND i.labour_intensive
WHERE c.indicator = 'utilisation' AND p.value - c.value >= $fall_points
ORDER BY fall_points DESC, c.industry_code
