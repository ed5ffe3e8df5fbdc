Feature: Signing in with the force account, and staying safe when signed in
  As an officer on shift
  I want to sign in with the account I use for everything else at the force
  So that I have one password, and nobody else can get into victims' details as me

  The force's IT team runs the identity provider; they give each officer a MaD Toolkit role.
  The toolkit signs people out when they leave it idle, at the end of a shift, and when they press
  Sign out, and it slows down anyone guessing passwords.

  Scenario: An officer signs in with the force account
    Given the force signs officers in with its own identity provider
    And the identity provider gives PC 4321 Bloggs the MaD Toolkit officer role
    When PC 4321 Bloggs presses "Sign in with your force account" and signs in at the force
    Then PC 4321 Bloggs sees the toolkit's home page
    And PC 4321 Bloggs may look at the sandbox, as officers may

  Scenario: Someone the force has not given a MaD Toolkit role cannot sign in
    Given the force signs officers in with its own identity provider
    And the identity provider knows a visitor who has no MaD Toolkit role
    When the visitor presses "Sign in with your force account" and signs in at the force
    Then the visitor is told "Your force account has no MaD Toolkit role"
    And the visitor cannot see the sandbox

  Scenario: Guessing passwords locks the account for a while
    Given the toolkit uses its own accounts
    And an officer has an account
    When someone types a wrong password for the officer's account 10 times
    Then the officer's right password is not accepted either
    And the page says "Too many attempts to sign in" and to wait 15 minutes

  Scenario: Signing out ends the session everywhere
    Given the toolkit uses its own accounts
    And an officer has an account
    And the officer is signed in on a phone and a laptop
    When the officer presses "Sign out" on the phone
    Then the laptop is asked to sign in again before it can open the sandbox
