-- Each stoppage finding against the layoff reports of the same employer in the window
-- (plan S3.1.1 direct reports vs S3.1.3 big data): reported, under_reported or unreported.
-- _findings(employer_uscc, separations, period_start, period_end);
-- _reports(uscc, receipt_no, planned_cut, first_wave, last_wave).
WITH matched AS (
    SELECT f.employer_uscc, f.separations,
        sum(r.planned_cut) AS reported,
        string_agg(r.receipt_no, ',' ORDER BY r.receipt_no) AS receipts
    FROM _findings AS f
    LEFT JOIN _reports AS r
      ON r.uscc = f.employer_uscc
     AND r.last_wave >= f.period_start - to_days($window_days)
     AND r.first_wave <= f.period_end + to_days($window_days)
    GROUP BY f.employer_uscc, f.separations
)
SELECT employer_uscc, separations, coalesce(reported, 0) AS reported, receipts,
    CASE
        WHEN reported IS NULL THEN 'unreported'
        WHEN reported < separations * (1 - $under_report_share) THEN 'under_reported'
        ELSE 'reported'
    END AS outcome
FROM matched
ORDER BY employer_uscc
