"""What the Explore page shows, computed without Qt: inspector steps, gradient reports, races, boundaries."""
