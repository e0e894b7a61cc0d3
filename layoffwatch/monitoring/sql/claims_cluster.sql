-- Unemployment registrations naming the same last employer within a rolling window of
-- $window_days days (5 weeks: the US BLS mass-layoff rule of thumb), counted for windows ending
-- in the period; flagged at or above $min_count.
WITH regs AS (
    SELECT last_employer_uscc AS e, registered_on, ui_claim, town_code
    FROM read_parquet($paths, union_by_name = true)
),
rolling AS (
    SELECT e, registered_on,
        count(*) OVER (
            PARTITION BY e ORDER BY registered_on
            RANGE BETWEEN to_days($window_days - 1) PRECEDING AND CURRENT ROW
        ) AS in_window,
        count(*) FILTER (WHERE ui_claim) OVER (
            PARTITION BY e ORDER BY registered_on
            RANGE BETWEEN to_days($window_days - 1) PRECEDING AND CURRENT ROW
        ) AS claims_in_window
    FROM regs
)
SELECT e AS employer_uscc, max(in_window) AS registrations,
    max(claims_in_window) AS ui_claims,
    arg_max(registered_on, in_window) AS window_end
FROM rolling
WHERE registered_on BETWEEN $period_start AND $period_end
GROUP BY e
HAVING max(in_window) >= $min_count
ORDER BY registrations DESC, employer_uscc
