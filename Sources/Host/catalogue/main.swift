print("catalogue placeholder")
