-- business_event when the lake has no contributions for last month or this month: the insured
-- headcount comes from the registry alone (insured_source 'registry', ADR 0096).
-- _registry(uscc, insured_headcount, is_labour_intensive, is_key_sample).
SELECT b.employer_uscc, b.event, b.event_date, coalesce(r.insured_headcount, 0) AS insured,
    'registry' AS insured_source, NULL::VARCHAR AS insured_period
FROM read_parquet($path) AS b
LEFT JOIN _registry AS r ON r.uscc = b.employer_uscc
WHERE b.event IN ('deregistered', 'revoked', 'bankruptcy', 'abnormal')
  AND coalesce(r.insured_headcount, 0) >= $min_insured
ORDER BY insured DESC, b.employer_uscc
