SELECT * FROM enterprise WHERE tax_code = :#taxCode
