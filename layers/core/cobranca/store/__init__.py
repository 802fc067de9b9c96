"""DynamoDB single-table store: the only package that knows keys and item shapes."""
