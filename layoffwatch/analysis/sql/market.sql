-- plan S6.1: a month's HR-market supply and demand as the feed gives it (a town, or blank for the
-- district; an industry, or blank for all).
SELECT town_code, industry_code, sum(job_seekers), sum(vacancies)
FROM read_parquet($path, union_by_name = true)
GROUP BY town_code, industry_code
