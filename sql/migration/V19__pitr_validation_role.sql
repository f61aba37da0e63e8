-- pitr-test records the role it validated the restored copy as (flowbatch.pitr.validation-username, else the
-- application's) and whether that role is a superuser in the copy: a DR report names who checked the data.
ALTER TABLE pitr_test_results ADD COLUMN validated_as TEXT;
ALTER TABLE pitr_test_results ADD COLUMN validated_as_superuser BOOLEAN;
