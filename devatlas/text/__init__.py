"""Text utilities shared by every stage: scripts, folding, language, numbers, morphology."""
