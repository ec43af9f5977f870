"""The only readers of tenant rows: every function takes the acting user; other organisations get 404."""
