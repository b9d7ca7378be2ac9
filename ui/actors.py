"""Who is where: one card per actor, with every passage that names it."""

from __future__ import annotations

import streamlit as st

from geo import descriptions
from geo.article import highlight_markdown
from geo.safety import escape_markdown
from geo.story import Story
from ui.tables import markdown_table


def tab(story: Story) -> None:
    for actor, drawn, passages in descriptions.actor_cards(story):
        with st.container(border=True, key=f"actor-{actor.id}"):
            st.markdown(f"**{escape_markdown(actor.name)}**")
            st.markdown(escape_markdown(actor.description))
            st.caption(
                escape_markdown(
                    f"Drawn as {drawn} map feature{'s' if drawn != 1 else ''}. "
                    f"Named in {len(passages)} passage{'s' if len(passages) != 1 else ''} "
                    f"(as {', '.join(actor.aliases)})."
                )
            )
            drawn_rows = descriptions.layer_rows(story, "forces", actor.id)
            if drawn_rows:
                with st.expander(f"What the map draws for it ({len(drawn_rows)}), in words"):
                    st.markdown(
                        markdown_table(list(drawn_rows[0]), [r.values() for r in drawn_rows])
                    )
            with st.expander(f"The {len(passages)} passages"):
                for passage, spans in passages:
                    st.markdown(highlight_markdown(passage, spans, color="orange"))
