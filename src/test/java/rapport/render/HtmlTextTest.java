package rapport.render;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class HtmlTextTest {
    @Test
    void blocksListsAndLinksBecomeLinesDashesAndAddresses() {
        assertEquals("a b\n\n- one\n- two\n\ngo (https://e.x/?a=1&b=2)\n",
                HtmlText.toText("<p>a&nbsp;&nbsp;b</p><ul><li>one<li>two</ul><a href='https://e.x/?a=1&amp;b=2'>go</a>"));
    }

    @Test
    void hiddenTextIsLeftOutWithEverythingNestedInIt() {
        assertEquals("shown\nnext\n\nafter\n",
                HtmlText.toText("<div style='display: NONE'><div>hid</div>den</div>shown<br>next<hr>after"));
    }

    @Test
    void aLinkWhoseTextIsItsAddressOrAnAnchorIsNotSpelledOutTwice() {
        assertEquals("x@y.z top bare https://q.r\n", HtmlText.toText(
                "<a href=\"mailto:x@y.z\">x@y.z</a> <a href=#top>top</a> <a>bare</a> <a href=https://q.r>https://q.r</a>"));
    }

    @Test
    void scriptsStylesAndCommentsAreNeverText() {
        assertEquals("text\n\nHead\n\npre\n", HtmlText.toText(
                "<script>if (a<b) x='</p>'</script><style>p{}</style><!-- <p>c</p> -->text<h1>Head</h1><pre>  pre  </pre>"));
    }

    @Test
    void characterReferencesAreDecoded() {
        assertEquals("ab\n\nc\n\nq\n\n<tag> &© AB\n", HtmlText.toText(
                "<table><tr><td>a</td><td>b</td></tr><tr><td>c</td></tr></table><blockquote>q</blockquote>"
                        + "&lt;tag&gt; &amp;&copy &#x41;&#66;"));
    }

    @Test
    void unfinishedMarkupEndsTheTextInsteadOfFailing() {
        assertEquals("Hi there (https://e.x)\n", HtmlText.toText("<p>Hi <a href=\"https://e.x\">there<!-- open"));
        assertEquals("a <\n", HtmlText.toText("a <"));
    }
}
