"""What the semantic channel stores: chunks of translations and their vectors.

The lexical index is not a Django model: it is an FTS5 table on SQLite and a
tsvector table on PostgreSQL (migration 0001, ``lexical.py``).
"""

from __future__ import annotations

from django.db import models

from samadhan.kb.models import ArticleTranslation
from samadhan.workspaces.models import Workspace


class Embedding(models.Model):
    """A vector cached by the hash of the exact text embedded and the model.

    Not workspace-owned: the same text gives the same vector in any workspace,
    and no text is stored here, only its hash.
    """

    content_hash = models.CharField(max_length=64)
    model = models.CharField(max_length=200)
    dim = models.PositiveIntegerField()
    # float32, little-endian, L2-normalised.
    vector = models.BinaryField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["model", "content_hash"], name="uniq_kb_embedding"),
        ]

    def __str__(self) -> str:
        return f"{self.model}:{self.content_hash[:12]}"


class Chunk(models.Model):
    """A piece of a translation (its title, or the title with one section) to embed."""

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="+")
    translation = models.ForeignKey(ArticleTranslation, on_delete=models.CASCADE, related_name="+")
    article_id = models.BigIntegerField()
    language = models.CharField(max_length=16)
    position = models.PositiveIntegerField()
    text = models.TextField()
    # sha256 of the text as embedded (with its "passage: " role), see embeddings.py.
    content_hash = models.CharField(max_length=64)

    class Meta:
        ordering = ["translation_id", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["translation", "position"], name="uniq_kb_chunk_position"
            ),
        ]
        indexes = [models.Index(fields=["workspace", "id"], name="kb_chunk_ws")]

    def __str__(self) -> str:
        return f"{self.translation_id}#{self.position}"


class IndexVersion(models.Model):
    """Bumped on every index change of a workspace: in-process vector matrices compare it."""

    workspace = models.OneToOneField(Workspace, on_delete=models.CASCADE, related_name="+")
    version = models.PositiveBigIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.workspace_id}@{self.version}"
