"""Views of the candidates app: nominations, joint review, 公示 and the formal list."""
