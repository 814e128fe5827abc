package io.opsplane.console.ui.shell;

import java.util.ArrayList;
import java.util.List;

import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.AnchorTarget;
import com.vaadin.flow.component.html.H1;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.login.LoginForm;
import com.vaadin.flow.component.login.LoginI18n;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.HasDynamicTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.server.auth.AnonymousAllowed;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;

import static io.opsplane.console.ui.kit.Messages.t;

/**
 * Sign-in: user name and password (Spring Security's form login), and one link per configured OIDC
 * provider. Spring Security sends anyone not signed in here, and back to where they were going after.
 */
@Route(LoginView.PATH)
@AnonymousAllowed
public class LoginView extends VerticalLayout implements BeforeEnterObserver, HasDynamicTitle {

    public static final String PATH = "login";

    private final LoginForm form = new LoginForm();

    public LoginView(ObjectProvider<ClientRegistrationRepository> oidc) {
        setSizeFull();
        setAlignItems(FlexComponent.Alignment.CENTER);
        setJustifyContentMode(FlexComponent.JustifyContentMode.CENTER);

        LoginI18n i18n = LoginI18n.createDefault();
        i18n.getForm().setTitle(t("login.title"));
        i18n.getForm().setUsername(t("login.username"));
        i18n.getForm().setPassword(t("login.password"));
        i18n.getForm().setSubmit(t("login.submit"));
        i18n.getErrorMessage().setTitle(t("login.error.title"));
        i18n.getErrorMessage().setMessage(t("login.error.message"));
        form.setI18n(i18n);
        form.setAction(PATH);
        form.setForgotPasswordButtonVisible(false);

        add(new H1(t("app.name")), form);
        for (ClientRegistration registration : registrations(oidc.getIfAvailable())) {
            Anchor link = new Anchor("oauth2/authorization/" + registration.getRegistrationId(),
                    t("login.oidc", registration.getClientName()), AnchorTarget.DEFAULT);
            // a full page load: Spring Security, not the Vaadin router, handles this address
            link.setRouterIgnore(true);
            add(link);
        }
        add(new Paragraph(t("login.tagline")));
    }

    @Override
    public String getPageTitle() {
        return t("page.title", t("login.title"));
    }

    private static List<ClientRegistration> registrations(ClientRegistrationRepository repository) {
        List<ClientRegistration> registrations = new ArrayList<>();
        if (repository instanceof Iterable<?> all) {
            all.forEach(r -> registrations.add((ClientRegistration) r));
        }
        return registrations;
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        form.setError(event.getLocation().getQueryParameters().getParameters().containsKey("error"));
    }
}
