-- A labour-intensive employer whose monthly revenue fell by $drop_share or more against last month.
SELECT c.employer_uscc, p.revenue AS revenue_before, c.revenue AS revenue_now,
    round(1 - c.revenue / p.revenue, 4) AS drop_share, c.tax_status
FROM read_parquet($cur_path) AS c
JOIN read_parquet($prev_path) AS p ON p.employer_uscc = c.employer_uscc
JOIN _registry AS r ON r.uscc = c.employer_uscc AND r.is_labour_intensive
WHERE p.revenue > 0 AND c.revenue <= p.revenue * (1 - $drop_share)
ORDER BY drop_share DESC, c.employer_uscc
