"""cobranca: serverless debt collection for Brazil."""
