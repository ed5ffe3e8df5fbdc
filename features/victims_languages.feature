Feature: Victims' own languages
  As an officer updating a victim who reads little or no English
  I want to send the approved update in their own language, in the right script and direction
  So that they understand it, while I always know what it says in English

  Victims' Services Coordinators keep the wording true: every translation is a draft until a
  native speaker has checked it, and officers are warned before they send a draft.

  Background:
    Given Testshire Police keeps victims updated in English, Welsh, Arabic, Urdu, Polish and Romanian

  Scenario: An officer texts an Arabic-speaking victim their crime reference
    Given I am signed in as an officer, PC 1234 Jones
    When I preview the "Crime reference assigned" update by text message in Arabic to 07700 900123 for crime 06/123456/26
    Then the victim's text reads right to left in Arabic:
      """
      Testshire Police: الرقم المرجعي لجريمتك هو 06/123456/26.
      """
    And beside it I see what it means in English:
      """
      Testshire Police: your crime reference is 06/123456/26.
      """
    And I am warned that the translation is a draft, not yet checked by a native speaker
    And I am told it goes as UCS-2 in 3 text messages
    When I press Send
    Then the crime's record keeps the Arabic text and what it means in English
    And the crime's record notes that the translation was a draft

  Scenario: An Urdu-speaking victim's email reads right to left
    Given I am signed in as an officer, PC 1234 Jones
    When I send the "Suspect charged" update by email in Urdu to sam.victim@example.org for crime 06/123456/26, with:
      | Court              | Northtown Magistrates' Court |
      | First hearing date | 14/01/2027                   |
    Then the victim's email is marked as Urdu, written right to left
    And the email says "ایک مشتبہ شخص پر فردِ جرم عائد کر دی گئی ہے"

  Scenario: A coordinator records that a native speaker has checked a translation
    Given I am signed in as a Victims' Services Coordinator
    When I open the Arabic wording of "Crime reference assigned"
    Then every sentence is a draft, with the English beside the Arabic
    When I mark the text message as reviewed by a native speaker
    Then the text message shows it was reviewed, by me
    And an officer previewing that text in Arabic is not warned about a draft

  Scenario: A language without a translation yet goes in English, and the officer is told
    Given Testshire Police also offers Portuguese, with nothing translated yet
    And I am signed in as an officer, PC 1234 Jones
    When I preview the "Crime reference assigned" update by text message in Portuguese to 07700 900123 for crime 06/123456/26
    Then I am told the message will be sent in English

  Scenario: An officer reads the toolkit's pages in Welsh
    Given I am signed in as an officer, PC 1234 Jones
    When I choose Cymraeg as the language of the toolkit's pages
    Then the home page offers "Diweddaru dioddefwr"
    And a message I preview in English for the victim is still in English
