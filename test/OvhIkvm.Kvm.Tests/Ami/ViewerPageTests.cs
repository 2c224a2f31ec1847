using System.Net;
using OvhIkvm.Kvm.Ami.Web;
using OvhIkvm.Consoles;
using OvhIkvm.Kvm.Sessions;

namespace OvhIkvm.Kvm.Tests.Ami;

public sealed class ViewerPageTests
{
    private const string AmiRedirectPage = """
        <html><script>
          document.cookie = "QSESSIONID=" + token;
          sessionStorage.setItem("garc", "Csrf42");
        </script></html>
        """;

    [Fact]
    public void Set_cookie_wins_over_the_token_parameter_and_the_page()
    {
        var id = BmcCredentialParser.FindSessionId(["lang=en; Path=/", "QSESSIONID=fromcookie; Secure"], new Uri("https://bmc/viewer?token=fromurl"), AmiRedirectPage);

        Assert.Equal("fromcookie", id);
    }

    [Fact]
    public void Token_parameter_comes_before_the_page_script()
    {
        Assert.Equal("fromurl", BmcCredentialParser.FindSessionId([], new Uri("https://bmc/viewer?a=1&token=fromurl"), AmiRedirectPage));
    }

    [Theory]
    [InlineData("""document.cookie = 'QSESSIONID=abc123; path=/'""", "abc123")]
    [InlineData("""var QSESSIONID = "xyz789";""", "xyz789")]
    [InlineData("""{"session_id": "s-1"}""", "s-1")]
    [InlineData("""document.cookie = "QSESSIONID=" + token;""", null)]
    public void Page_patterns_find_the_session_but_never_capture_a_concatenation(string body, string? expected)
    {
        Assert.Equal(expected, BmcCredentialParser.FindSessionId([], new Uri("https://bmc/viewer"), body));
    }

    [Theory]
    [InlineData("""sessionStorage.setItem("garc", "Csrf42");""", "Csrf42")]
    [InlineData("""["garc", 'v2']""", "v2")]
    [InlineData("""{"garc": "v3"}""", "v3")]
    [InlineData("""no token here""", null)]
    public void Csrf_token_is_found_in_every_known_shape(string body, string? expected)
    {
        Assert.Equal(expected, BmcCredentialParser.FindCsrfToken(body));
    }

    [Theory]
    [InlineData(AmiRedirectPage, null, "a garc CSRF token")]
    [InlineData("<script>fetch('/api/kvm/token')</script>", null, "the /api/kvm/token API")]
    [InlineData("", "QSESSIONID=abc; Path=/", "a QSESSIONID cookie")]
    public void Ami_pages_are_recognised_by_their_markers(string body, string? setCookie, string evidence)
    {
        var result = ViewerPageClassifier.Classify(Page("https://bmc.example/viewer?token=t", body, setCookie: setCookie));

        Assert.Equal(evidence, Assert.IsType<ViewerPageClassification.Ami>(result).Evidence);
    }

    [Fact]
    public void Redirect_to_viewer_html_is_an_ami_page()
    {
        var result = ViewerPageClassifier.Classify(Page("https://bmc.example/x", "", HttpStatusCode.Found, location: new Uri("/viewer.html", UriKind.Relative)));

        Assert.IsType<ViewerPageClassification.Ami>(result);
    }

    [Fact]
    public void NoVnc_pages_give_the_websockify_address_they_would_use()
    {
        var page = Page("https://kvm.example/vnc.html?host=KVM.example&port=6080&path=ws/kvm1&password=pw", "<title>noVNC</title><script src='core/rfb.js'></script>");

        var result = Assert.IsType<ViewerPageClassification.NoVnc>(ViewerPageClassifier.Classify(page));

        Assert.Equal(new Uri("wss://kvm.example:6080/ws/kvm1"), result.Endpoint.Address);
        Assert.Equal("pw", result.Endpoint.Password!.Reveal());
    }

    [Theory]
    [InlineData("https://10.0.0.5/vnc.html?host=10.0.0.9&port=6080")]
    [InlineData("https://kvm.example/vnc.html?host=kvm.example.attacker.net")]
    [InlineData("https://kvm.example/vnc.html?host=attacker.net%3A6080%40kvm.example")]
    [InlineData("http://[::1]:8080/vnc.html?host=127.0.0.1")]
    public void NoVnc_pages_that_name_another_host_are_refused_without_naming_it(string url)
    {
        var result = Assert.IsType<ViewerPageClassification.Misdirected>(ViewerPageClassifier.Classify(Page(url, "<title>noVNC</title>")));

        Assert.Contains("points its console connection at another host", result.Description, StringComparison.Ordinal);
        Assert.DoesNotContain("attacker", result.Description, StringComparison.Ordinal);
        Assert.DoesNotContain("10.0.0.9", result.Description, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("http://[::1]:8080/vnc.html?host=%3A%3A1", "ws://[::1]:8080/websockify")]
    [InlineData("http://[::1]:8080/vnc.html?host=%5B%3A%3A1%5D&port=6080", "ws://[::1]:6080/websockify")]
    [InlineData("https://kvm.example/vnc.html?host=kvm.example.", "wss://kvm.example/websockify")]
    public void NoVnc_pages_may_repeat_their_own_host_in_any_spelling(string url, string expected)
    {
        var result = Assert.IsType<ViewerPageClassification.NoVnc>(ViewerPageClassifier.Classify(Page(url, "<title>noVNC</title>")));

        Assert.Equal(new Uri(expected), result.Endpoint.Address);
    }

    [Fact]
    public void NoVnc_defaults_to_the_page_host_and_the_websockify_path()
    {
        var result = Assert.IsType<ViewerPageClassification.NoVnc>(ViewerPageClassifier.Classify(Page("http://kvm.example:8080/vnc_lite.html", "<p>noVNC</p>")));

        Assert.Equal(new Uri("ws://kvm.example:8080/websockify"), result.Endpoint.Address);
        Assert.Null(result.Endpoint.Password);
    }

    [Fact]
    public void Unknown_pages_say_what_was_seen_without_the_url_token()
    {
        var page = Page(
            "https://bmc.example/login?token=SECRET-TOKEN",
            "<html><head><title>  Welcome\n to   iLO </title></head></html>",
            HttpStatusCode.Found,
            location: new Uri("https://sso.example/auth?ticket=SECRET-TICKET"));

        var result = Assert.IsType<ViewerPageClassification.Unrecognised>(ViewerPageClassifier.Classify(page));

        Assert.Contains("bmc.example", result.Description, StringComparison.Ordinal);
        Assert.Contains("HTTP 302", result.Description, StringComparison.Ordinal);
        Assert.Contains("title \"Welcome to iLO\"", result.Description, StringComparison.Ordinal);
        Assert.Contains("redirect to https://sso.example/auth", result.Description, StringComparison.Ordinal);
        Assert.DoesNotContain("SECRET", result.Description, StringComparison.Ordinal);
    }

    [Fact]
    public void Supermicro_aten_pages_are_named_as_unsupported()
    {
        var result = ViewerPageClassifier.Classify(Page("https://smc.example/", "<form action='/cgi/login.cgi'>SID</form>"));

        Assert.Contains("Supermicro ATEN", Assert.IsType<ViewerPageClassification.Unrecognised>(result).Description, StringComparison.Ordinal);
    }

    private static ViewerPage Page(string url, string body, HttpStatusCode status = HttpStatusCode.OK, string? setCookie = null, Uri? location = null) =>
        new(new Secret(url), new BmcHttpResponse(status, "text/html", setCookie is null ? [] : [setCookie], location, body));
}
