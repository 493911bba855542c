"""What DPIDG receives: the document and its digest, sign-off, export, reading and verifying, signatures, renderings."""
