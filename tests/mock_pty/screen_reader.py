"""What a pseudo-terminal's screen shows, read the way a person reads it.

prompt_toolkit redraws only the characters that change (a countdown going from
0:53 to 0:52 sends one digit), so matching the raw output stream cannot see a
live countdown. pyte, a terminal emulator, keeps the screen as the user sees it;
lines that scroll off the top stay in its history, so a burst of output (a page
of the debrief) can still be read line by line.
"""

from __future__ import annotations

import re
import time

import pexpect
import pyte

HISTORY = 5000


class _Screen(pyte.HistoryScreen):
    def __init__(self, columns: int, lines: int) -> None:
        super().__init__(columns, lines, history=HISTORY)
        self.bells = 0

    def bell(self, *args: object) -> None:
        self.bells += 1


class ScreenReader:
    """Feeds a pexpect child's output to an emulated screen; waits for what it shows.

    `wait` searches the lines after the last match (a prompt seen once is not seen
    again); `wait_live` searches the screen as it is now, for text redrawn in place.
    """

    def __init__(self, child: pexpect.spawn, columns: int, lines: int = 24) -> None:
        self.child = child
        self.columns = columns
        self.screen = _Screen(columns, lines)
        self.stream = pyte.Stream(self.screen)
        self.mark = 0  # index into all_lines() of the first line not yet matched

    def _pump(self, timeout: float) -> None:
        try:
            data = self.child.read_nonblocking(65536, timeout=timeout)
        except pexpect.TIMEOUT:
            return
        except pexpect.EOF:  # coach ended: what it showed stays on the screen
            time.sleep(timeout)
            return
        self.stream.feed(data)

    def all_lines(self) -> list[str]:
        top = [
            "".join(line[x].data for x in range(self.columns)).rstrip()
            for line in self.screen.history.top
        ]
        return top + [line.rstrip() for line in self.screen.display]

    def visible(self) -> list[str]:
        return [line.rstrip() for line in self.screen.display]

    def wait(self, pattern: str, timeout: float = 30) -> re.Match[str]:
        """The first line at or after the mark matching `pattern`; moves the mark past it."""
        regex = re.compile(pattern)
        deadline = time.monotonic() + timeout
        while True:
            lines = self.all_lines()
            for index in range(self.mark, len(lines)):
                found = regex.search(lines[index])
                if found:
                    self.mark = index + 1
                    return found
            if time.monotonic() > deadline:
                raise AssertionError(f"never shown: {pattern!r}\n" + "\n".join(lines[-30:]))
            self._pump(0.2)

    def wait_live(self, pattern: str, timeout: float = 30) -> re.Match[str]:
        """`pattern` on the screen as it stands (a line redrawn in place); the mark stays."""
        regex = re.compile(pattern)
        deadline = time.monotonic() + timeout
        while True:
            for line in self.visible():
                found = regex.search(line)
                if found:
                    return found
            if time.monotonic() > deadline:
                raise AssertionError(f"not on screen: {pattern!r}\n" + "\n".join(self.visible()))
            self._pump(0.2)

    def send(self, keys: str) -> None:
        self.child.send(keys)

    def finish(self, timeout: float = 30) -> int:
        deadline = time.monotonic() + timeout
        while self.child.isalive() and time.monotonic() < deadline:
            try:
                self.stream.feed(self.child.read_nonblocking(65536, timeout=0.2))
            except pexpect.TIMEOUT:
                continue
            except pexpect.EOF:
                break
        self.child.close()
        return int(self.child.exitstatus if self.child.exitstatus is not None else -1)
