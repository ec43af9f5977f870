"""Every text a person reads, in Russian and English, formatted from the domain's codes and parameters."""
