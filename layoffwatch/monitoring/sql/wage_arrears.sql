-- Wages in arrears in the enterprises' monthly reports (plan S3.1.1 月报; S4.6 根治欠薪).
-- _monthly(uscc, period, wages_paid_in_full, wage_arrears_months, wage_arrears_amount, headcount).
SELECT uscc AS employer_uscc, wage_arrears_months, wage_arrears_amount, headcount
FROM _monthly
WHERE period = $period AND (wage_arrears_months >= $min_months OR NOT wages_paid_in_full)
ORDER BY wage_arrears_months DESC, employer_uscc
