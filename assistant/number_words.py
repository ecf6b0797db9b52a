"""Numbers written as words, as people and models write small counts and durations."""

NUMBER_WORDS = {"no": 0, "zero": 0, "a": 1, "an": 1, "one": 1, "single": 1, "lone": 1, "two": 2, "three": 3, "four": 4,
                "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12}

__all__ = ["NUMBER_WORDS"]
