"""The only code that writes domain rows. Each function is one transaction and takes the acting user."""
