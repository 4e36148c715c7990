"""`gongwen serve`: a live preview in the browser, rebuilt in this process on every save."""
