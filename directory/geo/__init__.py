"""Geography: pure functions on coordinates and polygons, and the offline gazetteer."""
