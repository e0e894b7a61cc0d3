-- 社保数据 参保人数 (ADR 0096): the people contributing at each employer of $employers in each
-- month file of $paths — every row not marked 'remove', as the stoppage and key-sample
-- detectors count last month's and this month's headcount.
SELECT employer_uscc, period, count(*) AS insured
FROM read_parquet($paths, union_by_name = true)
WHERE change_type IS DISTINCT FROM 'remove' AND list_contains($employers, employer_uscc)
GROUP BY employer_uscc, period
ORDER BY employer_uscc, period
