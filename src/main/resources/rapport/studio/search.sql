-- Customers whose email or name contains the words, for the studio's search box: a handful, by
-- id. The pattern has a wildcard on both sides, so no index helps; the limit ends the scan as
-- soon as enough are found, and a rare word on a large audience reads the table once.
select email, first_name, last_name, stage, status from customers
where email is not null
  and (lower(email) like ? escape '\' or lower(coalesce(first_name, '') || ' ' || coalesce(last_name, '')) like ? escape '\')
order by id
limit ?
