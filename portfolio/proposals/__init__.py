"""Programme change proposals: the conversation about starting, stopping and swapping programmes."""
